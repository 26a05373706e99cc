//! `--tls`: HTTPS, whose ALPN offers `h2` then `http/1.1`, so that browsers
//! speak HTTP/2 to the server (they speak it only over TLS). The certificate
//! is made at start, self-signed, for the names in [`NAMES`]; or it is read,
//! with its key, from the PEM files given by `--cert` and `--key`. rustls with
//! the ring provider.

use std::{error::Error, fs, path::Path, sync::Arc};

use tokio_rustls::{
    rustls::{
        crypto::ring,
        pki_types::{pem::PemObject, CertificateDer, PrivateKeyDer},
        ServerConfig,
    },
    TlsAcceptor,
};

/// The names of the self-signed certificate: the loopback addresses.
pub const NAMES: [&str; 3] = ["127.0.0.1", "localhost", "::1"];
/// The protocols ALPN offers, in the server's order of preference.
pub const ALPN: [&[u8]; 2] = [b"h2", b"http/1.1"];

/// A certificate chain and its private key, PEM-encoded.
pub struct Pem {
    /// The certificates, leaf first.
    pub cert: Vec<u8>,
    /// The private key.
    pub key: Vec<u8>,
}

/// The TLS acceptor: with the PEM files `cert` and `key` when given, else
/// with a self-signed certificate made now.
pub fn acceptor(cert: Option<&Path>, key: Option<&Path>) -> Result<TlsAcceptor, Box<dyn Error>> {
    let pem = match (cert, key) {
        (Some(cert), Some(key)) => Pem {
            cert: read(cert)?,
            key: read(key)?,
        },
        (None, None) => self_signed()?,
        _ => return Err("--cert and --key go together".into()),
    };
    Ok(TlsAcceptor::from(Arc::new(config(&pem)?)))
}

/// Reads `path`, naming it in the error.
fn read(path: &Path) -> Result<Vec<u8>, Box<dyn Error>> {
    fs::read(path).map_err(|e| format!("{}: {e}", path.display()).into())
}

/// A new self-signed certificate for [`NAMES`], and its key.
pub fn self_signed() -> Result<Pem, rcgen::Error> {
    let made = rcgen::generate_simple_self_signed(NAMES.map(str::to_owned))?;
    Ok(Pem {
        cert: made.cert.pem().into_bytes(),
        key: made.signing_key.serialize_pem().into_bytes(),
    })
}

/// The server's TLS configuration: the certificate of `pem`, and ALPN.
pub fn config(pem: &Pem) -> Result<ServerConfig, Box<dyn Error>> {
    let certs = CertificateDer::pem_slice_iter(&pem.cert)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("certificate: {e}"))?;
    if certs.is_empty() {
        return Err("certificate: no CERTIFICATE in the PEM".into());
    }
    let key = PrivateKeyDer::from_pem_slice(&pem.key).map_err(|e| format!("key: {e}"))?;
    let mut config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    config.alpn_protocols = ALPN.map(<[u8]>::to_vec).to_vec();
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[test]
    fn bad_pem_is_refused_with_what_is_wrong() {
        let good = self_signed().unwrap();
        let no_cert = Pem {
            cert: b"not a certificate".to_vec(),
            key: good.key.clone(),
        };
        let err = config(&no_cert).unwrap_err().to_string();
        assert!(err.starts_with("certificate"), "{err}");
        let no_key = Pem {
            cert: good.cert,
            key: Vec::new(),
        };
        let err = config(&no_key).unwrap_err().to_string();
        assert!(err.starts_with("key"), "{err}");
        let missing = Path::new("/nonexistent/cert.pem");
        let err = acceptor(Some(missing), Some(missing)).err().unwrap();
        assert!(
            err.to_string().starts_with("/nonexistent/cert.pem"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn browsers_get_http2_over_tls_by_default() {
        let server = testing::start(&["--tls"]).await;
        assert!(
            server.url.starts_with("https://127.0.0.1:"),
            "{}",
            server.url
        );
        // The self-signed certificate: the client takes it on trust.
        let client = testing::client();
        let got = client.get(server.at("/descriptors.binpb")).send().await;
        let got = got.unwrap();
        assert_eq!(got.version(), http::Version::HTTP_2);
        assert!(got.status().is_success());
        let reply = testing::stats(&client, &server.url, "").await;
        assert_eq!(reply.version, http::Version::HTTP_2);
        assert_eq!(reply.code(), tonic::Code::Ok);
    }

    #[tokio::test]
    async fn pem_files_are_served_and_verify_for_the_loopback_names() {
        let pem = self_signed().unwrap();
        let dir = testing::temp_dir("tls");
        let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
        fs::write(&cert, &pem.cert).unwrap();
        fs::write(&key, &pem.key).unwrap();
        let (cert, key) = (cert.to_str().unwrap(), key.to_str().unwrap());
        let server = testing::start(&["--tls", "--cert", cert, "--key", key]).await;
        let port = server.url.rsplit(':').next().unwrap();
        let trusted = reqwest::Certificate::from_pem(&pem.cert).unwrap();
        for http1 in [false, true] {
            let mut client = reqwest::Client::builder()
                .tls_built_in_root_certs(false)
                .add_root_certificate(trusted.clone());
            if http1 {
                client = client.http1_only();
            }
            let client = client.build().unwrap();
            for host in ["127.0.0.1", "localhost"] {
                let url = format!("https://{host}:{port}/descriptors.binpb");
                let got = client.get(&url).send().await.unwrap();
                let want = match http1 {
                    true => http::Version::HTTP_11,
                    false => http::Version::HTTP_2,
                };
                assert_eq!((got.version(), got.status().as_u16()), (want, 200), "{url}");
            }
        }
        let _ = fs::remove_dir_all(dir);
    }
}
