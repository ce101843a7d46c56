//! `output_url = "s3://bucket/prefix"`: where a run also publishes, on
//! S3-compatible object storage. Only the bucket and the prefix are in the
//! config; the endpoint, region and credentials come from the usual AWS
//! environment variables, so secrets never sit in the config file.

use object_store::path::Path as ObjectPath;

/// A parsed `s3://bucket/prefix`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectUrl {
    pub bucket: String,
    /// Without leading or trailing `/`; empty for the bucket's root.
    pub prefix: String,
}

impl ObjectUrl {
    /// Parses `s3://bucket` or `s3://bucket/some/prefix`; the message says
    /// what is wrong, for the config error.
    pub fn parse(text: &str) -> Result<ObjectUrl, String> {
        let rest = text
            .trim()
            .strip_prefix("s3://")
            .ok_or("must start with s3:// (e.g. \"s3://my-bucket/tpe\")")?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let bucket_ok = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
        if !bucket_ok {
            return Err(format!(
                "`{bucket}` is not a bucket name (3–63 lowercase letters, digits, '-', '.')"
            ));
        }
        let prefix = prefix.trim_matches('/');
        if prefix
            .split('/')
            .any(|p| p.is_empty() || p == "." || p == "..")
            && !prefix.is_empty()
        {
            return Err("the prefix has an empty, `.` or `..` segment".into());
        }
        Ok(ObjectUrl {
            bucket: bucket.to_string(),
            prefix: prefix.to_string(),
        })
    }

    /// The key of `rel` (e.g. `territories/arras.0a1b2c3d4e5f.json`) under
    /// the prefix.
    pub fn key(&self, rel: &str) -> ObjectPath {
        if self.prefix.is_empty() {
            ObjectPath::from(rel)
        } else {
            ObjectPath::from(format!("{}/{rel}", self.prefix))
        }
    }
}

impl std::fmt::Display for ObjectUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_and_prefix_are_read_and_bad_urls_explained() {
        let u = ObjectUrl::parse("s3://tpe-data/hdf/arras/").unwrap();
        assert_eq!(
            (u.bucket.as_str(), u.prefix.as_str()),
            ("tpe-data", "hdf/arras")
        );
        assert_eq!(u.key("manifest.json").as_ref(), "hdf/arras/manifest.json");
        assert_eq!(ObjectUrl::parse("s3://tpe-data").unwrap().prefix, "");
        assert!(ObjectUrl::parse("https://x/y")
            .unwrap_err()
            .contains("s3://"));
        assert!(ObjectUrl::parse("s3://Bad_Bucket/x").is_err());
        assert!(ObjectUrl::parse("s3://bucket/a/../b").is_err());
    }
}
