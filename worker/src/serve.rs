//! `serve`.
pub async fn serve(_cfg: crate::config::Config, _addr: std::net::SocketAddr) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
