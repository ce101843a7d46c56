//! A source body: in memory (HTTP downloads, capped) or a file on disk
//! (local sources and the raw archive), read as a stream so that a
//! national-scale file never has to fit in memory.

use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    Memory(Vec<u8>),
    File(PathBuf),
}

impl Body {
    /// A streaming reader over the body.
    pub fn reader(&self) -> io::Result<Box<dyn Read + Send + '_>> {
        Ok(match self {
            Body::Memory(b) => Box::new(b.as_slice()),
            Body::File(p) => Box::new(BufReader::with_capacity(256 * 1024, File::open(p)?)),
        })
    }

    /// The whole body, for formats read at once (JSON, TOML).
    pub fn bytes(&self) -> io::Result<std::borrow::Cow<'_, [u8]>> {
        Ok(match self {
            Body::Memory(b) => std::borrow::Cow::Borrowed(b.as_slice()),
            Body::File(p) => std::borrow::Cow::Owned(std::fs::read(p)?),
        })
    }

    /// The first bytes, to sniff the encoding.
    pub fn head(&self, n: usize) -> io::Result<Vec<u8>> {
        let mut buf = Vec::with_capacity(n);
        self.reader()?.take(n as u64).read_to_end(&mut buf)?;
        Ok(buf)
    }

    /// SHA-256 in hex, streamed.
    pub fn sha256(&self) -> io::Result<String> {
        let mut hasher = Sha256::new();
        let mut r = self.reader()?;
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = r.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
        Ok(crate::publish::hex(&hasher.finalize()))
    }
}

/// Hashes what passes through, so a streamed body is read once for both
/// parsing and its archive hash. The hashing runs on another thread: on
/// two cores it costs the parse almost nothing.
pub struct HashingReader<R> {
    inner: R,
    chunks: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    hasher: Option<std::thread::JoinHandle<String>>,
}

impl<R: Read> HashingReader<R> {
    pub fn new(inner: R) -> HashingReader<R> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(16);
        let hasher = std::thread::spawn(move || {
            let mut h = Sha256::new();
            for chunk in rx {
                h.update(&chunk);
            }
            crate::publish::hex(&h.finalize())
        });
        HashingReader {
            inner,
            chunks: Some(tx),
            hasher: Some(hasher),
        }
    }

    /// Reads what is left (so the hash covers the whole body) and returns
    /// the hex SHA-256.
    pub fn finish(mut self) -> io::Result<String> {
        io::copy(&mut self, &mut io::sink())?;
        drop(self.chunks.take());
        self.hasher
            .take()
            .and_then(|h| h.join().ok())
            .ok_or_else(|| io::Error::other("the hashing thread failed"))
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            if let Some(tx) = &self.chunks {
                tx.send(buf[..n].to_vec())
                    .map_err(|_| io::Error::other("the hashing thread stopped"))?;
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_while_reading_gives_the_body_hash() {
        let body = Body::Memory(b"id,nom\n1,A\n2,B\n".to_vec());
        let mut r = HashingReader::new(body.reader().unwrap());
        let mut first = [0u8; 4];
        r.read_exact(&mut first).unwrap();
        assert_eq!(r.finish().unwrap(), body.sha256().unwrap());
    }
}
