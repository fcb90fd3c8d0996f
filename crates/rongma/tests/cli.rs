//! The binary from the outside: configuration, migrations, account administration and
//! `serve --demo` (the README's run command), each in a scratch directory.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn rongma(dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rongma"));
    c.current_dir(dir)
        .env_remove("RONGMA_CONFIG")
        .env("RONGMA_LOG", "warn");
    c
}

/// `rongma admin create-user --username … --role …`, to run or to add arguments to.
fn create_user(dir: &std::path::Path, username: &str, role: &str) -> Command {
    let mut c = rongma(dir);
    c.args([
        "admin",
        "create-user",
        "--username",
        username,
        "--role",
        role,
    ]);
    c
}

#[test]
fn default_config_prints_secret_free_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let out = rongma(dir.path()).arg("default-config").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("[database]") && text.contains("validity_months = 12"));
    // Written to rongma.toml it is read back without complaint.
    std::fs::write(dir.path().join("rongma.toml"), &text).unwrap();
    let out = rongma(dir.path()).arg("migrate").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dir.path().join("data/rongma.db").exists(),
        "SQLite file created under ./data/"
    );
    assert!(dir.path().join("data/secrets.toml").exists());
}

#[test]
fn bad_configuration_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rongma.toml"), "[server]\nlisten = 5\n").unwrap();
    let out = rongma(dir.path()).arg("migrate").output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("listen"), "{err}");
}

#[test]
fn admin_creates_users_and_keys_without_echoing_passwords_to_logs() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = create_user(dir.path(), "chief", "regulator")
        .arg("--password-stdin")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a-strong-password\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("created user chief"));
    assert!(
        !stdout.contains("a-strong-password")
            && !String::from_utf8_lossy(&out.stderr).contains("a-strong-password")
    );

    let out = create_user(dir.path(), "chief", "regulator")
        .output()
        .unwrap();
    assert!(!out.status.success(), "duplicate username refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("username"));

    let out = rongma(dir.path())
        .args([
            "admin",
            "create-api-key",
            "--name",
            "platform-x",
            "--role",
            "platform",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let key = stdout
        .lines()
        .find_map(|l| l.strip_prefix("key (shown once): "))
        .unwrap();
    assert!(key.starts_with("rk_"));
    let db = std::fs::read(dir.path().join("data/rongma.db")).unwrap();
    let secret = key.rsplit('_').next().unwrap();
    assert!(
        !db.windows(secret.len()).any(|w| w == secret.as_bytes()),
        "the key's secret is not stored"
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `serve --demo`, waits for its logins and readiness, returns the printed lines.
fn serve_demo(dir: &std::path::Path, port: u16) -> (std::process::Child, Vec<String>) {
    let mut child = rongma(dir)
        .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = Vec::new();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        let done = line.contains("A demo hang tag");
        lines.push(line.trim_end().to_owned());
        if done {
            break;
        }
    }
    (child, lines)
}

fn http_get(port: u16, path: &str) -> String {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn serve_demo_starts_on_sqlite_and_seeds_idempotently() {
    let dir = tempfile::tempdir().unwrap();
    let mut tags = Vec::new();
    for round in 0..2 {
        let port = free_port();
        let (mut child, lines) = serve_demo(dir.path(), port);
        let text = lines.join("\n");
        for user in ["regulator", "reviewer", "inspector", "xueyu", "lab-pinghu"] {
            assert!(
                text.contains(user),
                "round {round}: login {user} printed:\n{text}"
            );
        }
        assert!(text.contains("listening on"), "{text}");
        // The graded demo product has a tag to scan, the same one each start.
        let tag = text
            .lines()
            .find(|l| l.contains("A demo hang tag"))
            .unwrap_or_else(|| panic!("{text}"))
            .to_owned();
        assert!(tag.contains("/c/") && tag.contains("PIN"), "{tag}");
        tags.push(tag.split("/c/").nth(1).unwrap().to_owned());
        let public = http_get(port, "/api/v1/public/products");
        assert!(
            public.contains("XY-2025-101") && public.contains("\"grade\":\"3A\""),
            "{public}"
        );
        let ready = http_get(port, "/readyz");
        assert!(
            ready.starts_with("HTTP/1.1 200") && ready.contains("sqlite"),
            "{ready}"
        );
        let home = http_get(port, "/");
        assert!(home.contains("绒码"));
        child.kill().unwrap();
        child.wait().unwrap();
    }
    assert_eq!(tags[0], tags[1], "the second start reuses the demo batch");
    // Seeding twice did not duplicate anything: the second start found the same data.
    let out = create_user(dir.path(), "xueyu", "regulator")
        .output()
        .unwrap();
    assert!(!out.status.success(), "demo user exists exactly once");
}

#[test]
fn secrets_stay_out_of_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let log = std::fs::File::create(dir.path().join("server.log")).unwrap();
    let mut child = rongma(dir.path())
        .env("RONGMA_LOG", "debug")
        .env("RONGMA_DATABASE__URL", "sqlite://data/secret-test.db")
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    http_get(port, "/t/TS20261129000001?key=follow-key-never-logged");
    let body = r#"{"username":"nobody","password":"password-never-logged"}"#;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    std::io::Read::read_to_string(&mut s, &mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 401"), "{out}");
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    let logs = std::fs::read_to_string(dir.path().join("server.log")).unwrap();
    assert!(
        logs.contains("/t/TS20261129000001"),
        "requests are logged:\n{logs}"
    );
    for secret in [
        "follow-key-never-logged",
        "password-never-logged",
        "secret-test.db",
    ] {
        assert!(!logs.contains(secret), "{secret} reached the logs");
    }
    let secrets = std::fs::read_to_string(dir.path().join("data/secrets.toml")).unwrap();
    let session_key = secrets
        .lines()
        .find(|l| l.starts_with("session_key"))
        .unwrap()
        .split('"')
        .nth(1)
        .unwrap()
        .to_owned();
    assert!(!logs.contains(&session_key));
}
