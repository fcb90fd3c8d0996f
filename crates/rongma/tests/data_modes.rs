//! The data directory, the database and the secrets are created for the service's user
//! only (0700 and 0600), even under a umask that would let everyone read them.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn migrate_under_an_open_umask_creates_private_files() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 000; exec {} migrate",
            env!("CARGO_BIN_EXE_rongma")
        ))
        .current_dir(dir.path())
        .env_remove("RONGMA_CONFIG")
        .env("RONGMA_LOG", "warn")
        .status()
        .expect("run rongma migrate");
    assert!(status.success());
    let data = dir.path().join("data");
    assert_eq!(mode(&data), 0o700, "data directory");
    assert_eq!(mode(&data.join("rongma.db")), 0o600, "database");
    let wal = data.join("rongma.db-wal");
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600, "write-ahead log");
    }
    assert_eq!(mode(&data.join("secrets.toml")), 0o600, "secrets");
}
