//! What the import panel says when an import fails: the line and column of the offending key,
//! the setting in the form's words, what it takes; limits named; no backticks.

use fate_configurator::ui::import::from_text;

fn error_of(text: &str) -> String {
    from_text(text, None).expect_err("the import fails")
}

#[test]
fn a_wrong_key_under_storage_names_its_line_and_section() {
    let error = error_of("version: 1\nparties: []\nstorage:\n  type: nfs\n  server: a\n  pth: b\n");
    assert_eq!(
        error,
        "config document, line 6, column 3: Storage: pth is not a setting here; the settings are server, path, size"
    );
}

#[test]
fn a_wrong_value_names_the_field_as_the_form_does() {
    let error = error_of("version: 1\nparties:\n  - {id: \"1\", address: a, nodePort: many}\n");
    assert!(
        error.starts_with("config document, line 3, column "),
        "{error}"
    );
    assert!(
        error.contains("› NodePort: expected a whole number"),
        "{error}"
    );
    assert!(
        !error.contains("u32") && !error.contains("nodePort"),
        "{error}"
    );
}

#[test]
fn a_pathological_document_is_refused_by_its_limit() {
    let error = error_of(&format!("parties: {}", "[".repeat(200_000)));
    assert!(
        error.contains("more than 32 levels deep at line 1"),
        "{error}"
    );
}

#[test]
fn kube_cfg_errors_and_notes_have_no_backticks() {
    let error = error_of("partylist=(10000 9999)\npartyiplist=(10.0.0.1:30010)\n");
    assert!(error.contains("\u{201c}partyiplist\u{201d}"), "{error}");
    assert!(!error.contains('`'), "{error}");
    let (_, notice) =
        from_text("partylist=(10000)\npartyiplist=(10.0.0.1:30010)\n", None).expect("imports");
    for line in &notice.lines {
        assert!(!line.contains('`'), "{line}");
    }
}
