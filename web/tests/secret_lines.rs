//! The lines the preview masks (`ui::secret_lines`), natively: every password and key of real
//! bundles of both FATE lines, with and without mutual TLS, and nothing else.

use fate_chartgen::generator::bundle::generate;
use fate_chartgen::generator::config::{Config, FateVersion};
use fate_chartgen::generator::federation::{self, Federation, OsRandom};
use fate_configurator::ui::secret_lines::Secrets;

/// Each password and key line of `federation` is hidden in every file it appears in, and the
/// hidden ranges cover them; lines without one stay visible.
fn assert_masks_every_secret(federation: &Federation) -> usize {
    let secrets = Secrets::of(federation);
    let mut passwords: Vec<String> = Vec::new();
    for party in &federation.parties {
        let c = &party.credentials;
        for p in [
            &c.mysql_root_password,
            &c.mysql_password,
            &c.redis_password,
            &c.fateboard_password,
        ] {
            if !p.is_empty() {
                passwords.push(p.clone());
            }
        }
    }
    let mut key_lines: Vec<String> = Vec::new();
    if let Some(tls) = &federation.tls {
        for key in tls
            .authority_key
            .iter()
            .chain(tls.issued.values().map(|i| &i.key))
        {
            key_lines.extend(
                key.lines()
                    .filter(|l| !l.starts_with("-----"))
                    .map(str::to_owned),
            );
        }
    }
    assert!(!passwords.is_empty());
    let mut hidden_lines = 0;
    for (path, file) in &generate(federation).files {
        let hidden = secrets.hidden(&file.contents);
        assert_eq!(hidden.len(), file.contents.lines().count(), "{path}");
        for (line, range) in file.contents.lines().zip(&hidden) {
            let holds = passwords.iter().any(|p| line.contains(p.as_str()))
                || key_lines.iter().any(|k| line.contains(k.as_str()));
            match range {
                Some(range) => {
                    hidden_lines += 1;
                    let shown = format!("{}{}", &line[..range.start], &line[range.end..]);
                    assert!(
                        !passwords.iter().any(|p| shown.contains(p.as_str()))
                            && !key_lines.iter().any(|k| shown.contains(k.as_str())),
                        "{path}: {line:?} shows a secret outside {range:?}"
                    );
                }
                None => assert!(!holds, "{path}: {line:?} holds a secret and is not hidden"),
            }
        }
    }
    hidden_lines
}

#[test]
fn fate1_passwords_are_hidden_in_values_yaml() {
    let federation = Federation::new(&Config::example(), &mut OsRandom).expect("valid");
    let bundle = generate(&federation);
    let secrets = Secrets::of(&federation);
    let values = &bundle.files["fate-9999/values.yaml"].contents;
    let hidden: Vec<&str> = values
        .lines()
        .zip(secrets.hidden(values))
        .filter(|(_, h)| h.is_some())
        .map(|(line, _)| line.split(':').next().unwrap_or_default().trim())
        .collect();
    assert_eq!(
        hidden,
        vec!["mysqlRootPassword", "mysqlPassword", "redisPassword"]
    );
    assert_eq!(
        assert_masks_every_secret(&federation),
        3 * federation.parties.len()
    );
}

#[test]
fn fate2_with_tls_hides_passwords_and_private_keys_not_certificates() {
    let mut config = Config::example();
    config.fate_version = FateVersion::V2_2_0;
    config.tls.enabled = true;
    config.certificates =
        federation::complete_certificates(&config, &mut OsRandom).expect("issued");
    let federation = Federation::new(&config, &mut OsRandom).expect("valid");
    let hidden = assert_masks_every_secret(&federation);
    let bundle = generate(&federation);
    let secrets = Secrets::of(&federation);
    let values = &bundle.files["fate-9999/values.yaml"].contents;
    let hidden_lines: Vec<&str> = values
        .lines()
        .zip(secrets.hidden(values))
        .filter(|(_, h)| h.is_some())
        .map(|(line, _)| line.trim())
        .collect();
    // The private key is a literal block under `key: |`: its body lines are hidden, its
    // BEGIN/END lines and the certificates' lines are not.
    let (pem_body, keys): (Vec<&str>, Vec<&str>) =
        hidden_lines.iter().partition(|line| !line.contains(": "));
    assert_eq!(
        keys.iter()
            .map(|line| line.split(':').next().unwrap_or_default())
            .collect::<Vec<_>>(),
        vec!["mysqlRootPassword", "mysqlPassword", "fateboardPassword"]
    );
    let issued_key = &federation.tls.as_ref().expect("tls").issued["9999"].key;
    let body: Vec<&str> = issued_key
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    assert!(
        !body.is_empty() && values.contains("    key: |\n"),
        "{values}"
    );
    assert_eq!(pem_body, body, "every body line of the key is hidden");
    // The authority's key file is hidden line by line, apart from its BEGIN and END lines.
    if let Some(ca_key) = bundle.files.get("tls/ca.key") {
        let marks = secrets.hidden(&ca_key.contents);
        assert!(
            marks.first().is_some_and(Option::is_none) && marks.last().is_some_and(Option::is_none)
        );
        assert!(marks[1..marks.len() - 1].iter().all(Option::is_some));
    }
    assert!(hidden >= 4 * federation.parties.len());
}

#[test]
fn short_or_quoted_passwords_are_found_by_value() {
    let secrets = Secrets::new(vec!["fate".to_owned(), "a\"b: c#d".to_owned()], &[]);
    let text = "  mysqlPassword: fate\n  user: fateuser\n  redisPassword: \"a\\\"b: c#d\"\n  - name: fate\n";
    let hidden = secrets.hidden(text);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(hidden[0].clone().map(|r| &lines[0][r]), Some("fate"));
    assert_eq!(hidden[1], None, "a short password is no substring match");
    assert_eq!(
        hidden[2].clone().map(|r| &lines[2][r]),
        Some("\"a\\\"b: c#d\"")
    );
    // A value that equals a password is hidden, whatever its key (the safe side).
    assert!(hidden[3].is_some());
}
