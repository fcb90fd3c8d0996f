//! `rongma lottery verify`: lottery.md's worked example re-computes from its documents, and
//! a result with one inspector changed is refused, naming the position.

use std::path::Path;
use std::process::Command;

const PLAN: &str = r#"{"algorithm":"rongma-draw-v1","plan_id":"PH-2026-001","inspectors_per_enterprise":2,"strata":[{"stratum":"A","ratio":"0.2"},{"stratum":"B","ratio":"0.5"},{"stratum":"D","ratio":"1"}],"enterprises":[{"id":"E01","stratum":"A","weight":1},{"id":"E02","stratum":"A","weight":1},{"id":"E03","stratum":"A","weight":1},{"id":"E04","stratum":"A","weight":1},{"id":"E05","stratum":"A","weight":1},{"id":"E06","stratum":"B","weight":1},{"id":"E07","stratum":"B","weight":3},{"id":"E08","stratum":"B","weight":1},{"id":"E09","stratum":"C","weight":1},{"id":"E10","stratum":"D","weight":2}],"inspectors":[{"id":"I1","name":"张"},{"id":"I2","name":"李"},{"id":"I3","name":"王"}],"conflicts":[{"enterprise":"E10","inspector":"I1"}]}"#;

/// The worked example's result as a verifier would download it (lottery.md's values).
const RESULT: &str = r#"{"plan_hash":"fe9aa99fc0409e6de6ede54d582850c17b110c827db0b8453c557fce6cdf4d5a","beacon":"02de76e8feff5928aa5b4a3afd7c84ea2416fab613b46c3ffd8a119acb42bb3f","seed":"7040cd4ba8ee0d9e393b249417e6ca4024240cde1d21370e3ecce8daff6c2b46","enterprises":[{"id":"E04","stratum":"A","rank":1,"inspectors":["I3","I2"]},{"id":"E07","stratum":"B","rank":1,"inspectors":["I2","I1"]},{"id":"E08","stratum":"B","rank":2,"inspectors":["I3","I1"]},{"id":"E10","stratum":"D","rank":1,"inspectors":["I2","I3"]}]}"#;

fn verify(dir: &Path, result: &str) -> std::process::Output {
    std::fs::write(dir.join("plan.json"), PLAN).unwrap();
    std::fs::write(dir.join("result.json"), result).unwrap();
    Command::new(env!("CARGO_BIN_EXE_rongma"))
        .current_dir(dir)
        .args(["lottery", "verify", "plan.json", "result.json"])
        .output()
        .unwrap()
}

#[test]
fn the_worked_example_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let out = verify(dir.path(), RESULT);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(
            "seed        7040cd4ba8ee0d9e393b249417e6ca4024240cde1d21370e3ecce8daff6c2b46"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("D #1 E10 [I2, I3]"), "{stdout}");
    assert!(stdout.contains("origin was not checked"), "{stdout}");
}

#[test]
fn a_changed_inspector_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let tampered = RESULT.replace(
        r#""E10","stratum":"D","rank":1,"inspectors":["I2","I3"]"#,
        r#""E10","stratum":"D","rank":1,"inspectors":["I1","I3"]"#,
    );
    assert_ne!(tampered, RESULT);
    let out = verify(dir.path(), &tampered);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains('4'), "names the fourth entry: {stderr}");
}
