//! Who may do what is decided in `rongma_app::policy` only: the server asks it and shows
//! or hides, and never compares roles or answers 403 on its own (the one 403 it makes is
//! a failed CSRF check, which is a property of the request, not of the actor).

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Lines of `text` that decide on a role or refuse on their own.
fn policy_lines(text: &str) -> Vec<String> {
    const DECISIONS: &[&str] = &[
        "Role::",
        "ActorKind::",
        "role ==",
        "role !=",
        "matches!(a.role",
        "StatusCode::FORBIDDEN",
        "registry_allows",
    ];
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .filter(|l| DECISIONS.iter().any(|d| l.contains(d)))
        .filter(|l| !(l.contains("Forbidden(") && l.contains("\"csrf\"")))
        .map(|l| l.trim().to_owned())
        .collect()
}

#[test]
fn the_server_holds_no_policy_decision() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 20, "the server's sources were found");
    let found: Vec<String> = files
        .iter()
        // error.rs maps the app's refusals to status codes: that is where 403 belongs.
        .filter(|f| f.file_name().is_some_and(|n| n != "error.rs"))
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            policy_lines(&text)
                .into_iter()
                .map(move |l| format!("{}: {l}", f.display()))
        })
        .collect();
    assert!(
        found.is_empty(),
        "policy decisions in rongma-server:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_a_role_comparison() {
    assert_eq!(
        policy_lines("let ok = actor.role == Role::Regulator;\n// Role:: in a comment\n"),
        vec!["let ok = actor.role == Role::Regulator;"]
    );
    assert!(policy_lines("PageError(AppError::Forbidden(\"csrf\".into()))").is_empty());
}
