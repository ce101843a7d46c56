//! The object store as publishing uses it: a handful of operations, each
//! one HTTP request, counted. The count is logged after each publish: on
//! object storage requests are what costs money and time, and an unchanged
//! run should make almost none. A test hook makes the Nth upload fail, to
//! prove that a publish interrupted half-way never breaks what readers see.

use object_store::path::Path as ObjectPath;
use object_store::{
    Attribute, Attributes, ObjectMeta, ObjectStore, ObjectStoreExt, PutOptions, PutPayload,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// How long a client may keep an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caching {
    /// Content-addressed: the name changes when the bytes do.
    Immutable,
    /// Rewritten in place (`manifest.json`, `report.json`): clients and
    /// CDNs re-check within a minute.
    ShortLived,
}

impl Caching {
    pub fn header(self) -> &'static str {
        match self {
            Caching::Immutable => "public, max-age=31536000, immutable",
            Caching::ShortLived => "public, max-age=60",
        }
    }
}

/// An object store wrapper that counts requests.
#[derive(Debug)]
pub struct CountingStore {
    inner: Arc<dyn ObjectStore>,
    requests: AtomicUsize,
    puts: AtomicUsize,
    fail_put: Option<usize>,
}

impl CountingStore {
    pub fn new(inner: Arc<dyn ObjectStore>) -> CountingStore {
        CountingStore {
            inner,
            requests: AtomicUsize::new(0),
            puts: AtomicUsize::new(0),
            fail_put: None,
        }
    }

    /// Test hook: the `n`th upload (1-based) fails without being sent.
    #[doc(hidden)]
    pub fn failing_put(mut self, n: usize) -> CountingStore {
        self.fail_put = Some(n);
        self
    }

    /// Requests sent so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    fn count(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    /// Uploads `bytes` as JSON with the given caching.
    pub async fn put_json(
        &self,
        key: &ObjectPath,
        bytes: Vec<u8>,
        caching: Caching,
    ) -> object_store::Result<()> {
        self.put(key, bytes, "application/json", caching).await
    }

    /// Uploads `bytes` with a content type and caching (both headers are
    /// stored with the object and served to every reader).
    pub async fn put(
        &self,
        key: &ObjectPath,
        bytes: Vec<u8>,
        content_type: &'static str,
        caching: Caching,
    ) -> object_store::Result<()> {
        let n = self.puts.fetch_add(1, Ordering::Relaxed) + 1;
        if self.fail_put == Some(n) {
            return Err(object_store::Error::Generic {
                store: "CountingStore",
                source: format!("injected failure of upload #{n} ({key})").into(),
            });
        }
        let mut attributes = Attributes::new();
        attributes.insert(Attribute::ContentType, content_type.into());
        attributes.insert(Attribute::CacheControl, caching.header().into());
        let opts = PutOptions {
            attributes,
            ..PutOptions::default()
        };
        self.count();
        self.inner
            .put_opts(key, PutPayload::from(bytes), opts)
            .await
            .map(|_| ())
    }

    /// The object's bytes, or `None` when there is no such object.
    pub async fn get(&self, key: &ObjectPath) -> object_store::Result<Option<Vec<u8>>> {
        self.count();
        match self.inner.get(key).await {
            // The body is read in the same request.
            Ok(r) => r.bytes().await.map(|b| Some(b.to_vec())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Every object directly under `prefix` (one level), all pages.
    pub async fn list(&self, prefix: &ObjectPath) -> object_store::Result<Vec<ObjectMeta>> {
        self.count();
        let prefix = (!prefix.as_ref().is_empty()).then_some(prefix);
        Ok(self.inner.list_with_delimiter(prefix).await?.objects)
    }

    pub async fn delete(&self, key: &ObjectPath) -> object_store::Result<()> {
        self.count();
        self.inner.delete(key).await
    }
}
