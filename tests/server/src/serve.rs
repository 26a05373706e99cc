//! Serving the app over TCP, plain or TLS ([`crate::tls`]): HTTP/1.1 and
//! HTTP/2 on the same port (over TLS as ALPN picks; without TLS, HTTP/2 by
//! its preface), each request through the outage cut ([`crate::outage`]),
//! which can end a request with no response at all.

use std::{future::Future, io, net::SocketAddr, pin::pin, sync::Arc};

use axum::{body::Body, Router};
use hyper::body::Incoming;
use hyper_util::{
    rt::{TokioExecutor, TokioIo},
    server::{conn::auto::Builder, graceful::GracefulShutdown},
};
use tokio::{
    io::{AsyncRead, AsyncWrite},
    net::{TcpListener, TcpStream},
};
use tokio_rustls::TlsAcceptor;

use crate::outage::Outage;

/// A bound server, ready to serve.
pub struct Server {
    listener: TcpListener,
    app: Router,
    outage: Arc<Outage>,
    tls: Option<TlsAcceptor>,
}

impl Server {
    /// Binds `addr`, to serve `app` (over TLS with `tls`), cut by `outage`.
    pub async fn bind(
        addr: SocketAddr,
        app: Router,
        outage: Arc<Outage>,
        tls: Option<TlsAcceptor>,
    ) -> io::Result<Server> {
        let listener = TcpListener::bind(addr).await?;
        Ok(Server {
            listener,
            app,
            outage,
            tls,
        })
    }

    /// The server's base URL: `http://ADDR`, or `https://ADDR` with TLS.
    pub fn url(&self) -> io::Result<String> {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        Ok(format!("{scheme}://{}", self.listener.local_addr()?))
    }

    /// Serves until `shutdown` resolves, then waits for the open connections
    /// to finish their requests.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        let graceful = GracefulShutdown::new();
        let mut shutdown = pin!(shutdown);
        loop {
            let stream = tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok((stream, _peer)) => stream,
                    // Out of file descriptors and the like: go on with the next.
                    Err(_) => continue,
                },
                () = &mut shutdown => break,
            };
            let connection = Connection {
                app: self.app.clone(),
                outage: self.outage.clone(),
                watcher: graceful.watcher(),
            };
            let tls = self.tls.clone();
            tokio::spawn(connection.run(stream, tls));
        }
        drop(self.listener);
        graceful.shutdown().await;
    }
}

/// What one connection serves with.
struct Connection {
    app: Router,
    outage: Arc<Outage>,
    watcher: hyper_util::server::graceful::Watcher,
}

impl Connection {
    /// Serves `stream`, after a TLS handshake when `tls` is given.
    async fn run(self, stream: TcpStream, tls: Option<TlsAcceptor>) {
        // Small gRPC-Web messages go out as soon as they are written.
        let _ = stream.set_nodelay(true);
        let Some(tls) = tls else {
            return self.serve(stream).await;
        };
        // A client that does not trust the certificate gives up here.
        if let Ok(stream) = tls.accept(stream).await {
            self.serve(stream).await;
        }
    }

    /// Serves HTTP/1.1 or HTTP/2 on `io` until the connection ends. A
    /// connection's errors (a client gone, a request cut) end only it.
    async fn serve<I>(self, io: I)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let Connection {
            app,
            outage,
            watcher,
        } = self;
        let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let (app, outage) = (app.clone(), outage.clone());
            async move { outage.serve(app, request.map(Body::new)).await }
        });
        let builder = Builder::new(TokioExecutor::new());
        let connection = builder.serve_connection(TokioIo::new(io), service);
        let _ = watcher.watch(connection.into_owned()).await;
    }
}
