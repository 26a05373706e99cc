//! The gRPC-Web response body, read incrementally: length-prefixed frames,
//! data (flag 0x00) then one trailers frame (flag 0x80), split across fetch
//! chunks in any way. A frame longer than the limit is refused as soon as its
//! 5-byte prefix arrives, before its bytes are buffered.

use std::fmt;

use crate::core::text::text;

/// Flag bit of a trailers frame.
const TRAILERS: u8 = 0x80;
/// Flag bit of a compressed frame (this client asks for none).
const COMPRESSED: u8 = 0x01;
/// Length of a frame's prefix: the flag byte and a big-endian u32.
const PREFIX: usize = 5;

/// What is wrong with a response body.
#[derive(Debug, PartialEq)]
pub enum FrameError {
    /// A frame claims more bytes than the limit allows.
    TooLarge {
        /// The frame's claimed length.
        len: u64,
        /// The limit.
        limit: usize,
    },
    /// A compressed frame, which this client never asked for.
    Compressed,
    /// Bytes after the trailers frame.
    AfterTrailers,
    /// The body ended inside a frame.
    Truncated {
        /// Bytes of the frame (prefix included) received.
        got: usize,
        /// Bytes the frame needed, prefix included.
        want: u64,
    },
}

impl FrameError {
    /// What is wrong, for people.
    pub fn message(&self) -> String {
        match self {
            FrameError::TooLarge { len, limit } => text![
                "the response holds a ",
                len,
                "-byte frame; the limit is ",
                limit,
                " bytes"
            ],
            FrameError::Compressed => {
                "the response holds a compressed frame, but no compression was asked for".to_owned()
            }
            FrameError::AfterTrailers => "the response goes on after its trailers".to_owned(),
            FrameError::Truncated { got, want } => text![
                "the response ended ",
                got,
                " bytes into a ",
                want,
                "-byte frame"
            ],
        }
    }
}

/// The [`FrameError::message`], for native callers; the wasm builds messages
/// with [`FrameError::message`] only, so that no `core::fmt` is in it.
impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for FrameError {}

/// The frames of one response body.
#[derive(Debug)]
pub struct Frames {
    limit: usize,
    /// Bytes of the frame being received, prefix included.
    pending: Vec<u8>,
    messages: Vec<Vec<u8>>,
    trailers: Option<Vec<u8>>,
}

/// A whole body, once it ended well.
#[derive(Debug, Default, PartialEq)]
pub struct Body {
    /// The data frames' payloads, in order.
    pub messages: Vec<Vec<u8>>,
    /// The trailers frame's text block, if the body had one.
    pub trailers: Option<Vec<u8>>,
}

impl Frames {
    /// A reader refusing frames longer than `limit` bytes.
    pub fn new(limit: usize) -> Frames {
        Frames {
            limit,
            pending: Vec::new(),
            messages: Vec::new(),
            trailers: None,
        }
    }

    /// Takes the next chunk of the body.
    pub fn push(&mut self, mut chunk: &[u8]) -> Result<(), FrameError> {
        loop {
            let len = self.frame_len()?;
            if len.is_some_and(|len| self.pending.len() == PREFIX + len) {
                self.complete();
                continue;
            }
            if chunk.is_empty() {
                return Ok(());
            }
            if self.trailers.is_some() {
                return Err(FrameError::AfterTrailers);
            }
            let want = len.map_or(PREFIX, |len| PREFIX + len);
            let take = (want - self.pending.len()).min(chunk.len());
            self.pending.extend_from_slice(&chunk[..take]);
            chunk = &chunk[take..];
        }
    }

    /// The body ended: everything it held, or why it is cut short.
    pub fn finish(self) -> Result<Body, FrameError> {
        if !self.pending.is_empty() {
            let want = match self.pending.len() {
                n if n < PREFIX => PREFIX as u64,
                _ => PREFIX as u64 + u64::from(be_u32(&self.pending[1..PREFIX])),
            };
            return Err(FrameError::Truncated {
                got: self.pending.len(),
                want,
            });
        }
        Ok(Body {
            messages: self.messages,
            trailers: self.trailers,
        })
    }

    /// The length of the pending frame, once its prefix is in; checks it.
    fn frame_len(&self) -> Result<Option<usize>, FrameError> {
        if self.pending.len() < PREFIX {
            return Ok(None);
        }
        if self.pending[0] & COMPRESSED != 0 {
            return Err(FrameError::Compressed);
        }
        let len = be_u32(&self.pending[1..PREFIX]);
        match usize::try_from(len) {
            Ok(len) if len <= self.limit => Ok(Some(len)),
            _ => Err(FrameError::TooLarge {
                len: u64::from(len),
                limit: self.limit,
            }),
        }
    }

    fn complete(&mut self) {
        let frame = std::mem::take(&mut self.pending);
        let payload = frame[PREFIX..].to_vec();
        if frame[0] & TRAILERS != 0 {
            self.trailers = Some(payload);
        } else {
            self.messages.push(payload);
        }
    }
}

fn be_u32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0, |n, b| (n << 8) | u32::from(*b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(flag: u8, payload: &[u8]) -> Vec<u8> {
        let mut out = vec![flag];
        out.extend_from_slice(&(payload.len() as u32).to_be_bytes());
        out.extend_from_slice(payload);
        out
    }

    fn body() -> Vec<u8> {
        let mut bytes = frame(0, b"hello");
        bytes.extend(frame(0, b""));
        bytes.extend(frame(0x80, b"grpc-status: 0\r\n"));
        bytes
    }

    fn read(chunks: &[&[u8]], limit: usize) -> Result<Body, FrameError> {
        let mut frames = Frames::new(limit);
        for chunk in chunks {
            frames.push(chunk)?;
        }
        frames.finish()
    }

    // README failures: a trailers frame split across chunks, or a body that drips in slowly
    #[test]
    fn any_split_of_the_body_reads_the_same() {
        let bytes = body();
        let whole = read(&[&bytes], 100).unwrap();
        assert_eq!(whole.messages, vec![b"hello".to_vec(), Vec::new()]);
        assert_eq!(whole.trailers.as_deref(), Some(&b"grpc-status: 0\r\n"[..]));
        for cut in 0..=bytes.len() {
            for cut2 in cut..=bytes.len() {
                let parts = [&bytes[..cut], &bytes[cut..cut2], &bytes[cut2..]];
                assert_eq!(read(&parts, 100).unwrap(), whole, "cut at {cut}, {cut2}");
            }
        }
        let bytewise: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(read(&bytewise, 100).unwrap(), whole);
    }

    #[test]
    fn an_empty_body_has_nothing() {
        assert_eq!(read(&[], 10).unwrap(), Body::default());
        assert_eq!(read(&[b""], 10).unwrap(), Body::default());
    }

    // README failures: a message over maxResponseBytes (the call's, else the client's; default 4 MiB)
    #[test]
    fn frames_over_the_limit_are_refused_from_their_prefix() {
        // Only the prefix arrives: refused without waiting for the bytes.
        let prefix = [0, 0, 0x10, 0, 0];
        assert_eq!(
            read(&[&prefix], 1024),
            Err(FrameError::TooLarge {
                len: 1 << 20,
                limit: 1024
            })
        );
        assert!(read(&[&frame(0, &[7; 10])], 10).is_ok());
        assert!(read(&[&frame(0x80, &[7; 11])], 10).is_err());
    }

    // README failures: a body cut inside a frame, or a length prefix longer than the body
    #[test]
    fn cut_bodies_say_how_far_they_got() {
        let bytes = frame(0, b"0123456789");
        assert_eq!(
            read(&[&bytes[..8]], 100),
            Err(FrameError::Truncated { got: 8, want: 15 })
        );
        assert_eq!(
            read(&[&bytes[..3]], 100),
            Err(FrameError::Truncated { got: 3, want: 5 })
        );
        // A prefix claiming more than the body holds.
        let mut lying = frame(0, b"abc");
        lying[4] = 200;
        assert_eq!(
            read(&[&lying], 1000),
            Err(FrameError::Truncated { got: 8, want: 205 })
        );
    }

    #[test]
    fn messages_name_the_lengths() {
        let cases = [
            (
                FrameError::TooLarge {
                    len: u64::from(u32::MAX),
                    limit: 4 << 20,
                },
                "the response holds a 4294967295-byte frame; the limit is 4194304 bytes",
            ),
            (
                FrameError::Compressed,
                "the response holds a compressed frame, but no compression was asked for",
            ),
            (
                FrameError::AfterTrailers,
                "the response goes on after its trailers",
            ),
            (
                FrameError::Truncated { got: 0, want: 5 },
                "the response ended 0 bytes into a 5-byte frame",
            ),
        ];
        for (error, message) in cases {
            assert_eq!(error.message(), message);
            assert_eq!(error.to_string(), message);
        }
    }

    #[test]
    fn compressed_frames_and_bytes_after_trailers_are_refused() {
        assert_eq!(read(&[&frame(1, b"x")], 10), Err(FrameError::Compressed));
        let mut bytes = frame(0x80, b"grpc-status: 0\r\n");
        bytes.extend(frame(0, b"late"));
        assert_eq!(read(&[&bytes], 100), Err(FrameError::AfterTrailers));
    }
}
