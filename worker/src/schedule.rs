//! `run`: stays up and syncs on the config's cron schedule.
pub async fn run_forever(_cfg: crate::config::Config) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
