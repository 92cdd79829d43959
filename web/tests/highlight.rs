//! The preview's syntax highlighting (`ui::highlight`), natively: each language's tokens, spans
//! that stay inside their line and in order, and every file of a real bundle.

use fate_chartgen::generator::bundle::generate;
use fate_chartgen::generator::config::Config;
use fate_chartgen::generator::federation::{Federation, OsRandom};
use fate_configurator::ui::highlight::{highlight, Class, Language, Span};

/// The (class, text) pairs of one line.
fn tokens(language: Language, line: &str) -> Vec<(Class, String)> {
    let spans = highlight(language, line);
    assert_eq!(spans.len(), 1);
    spans[0]
        .iter()
        .map(|s| (s.class, line[s.range.clone()].to_owned()))
        .collect()
}

fn has(language: Language, line: &str, class: Class, text: &str) -> bool {
    tokens(language, line)
        .iter()
        .any(|(c, t)| *c == class && t == text)
}

/// Spans are ascending, disjoint, non-empty and on character boundaries of their line.
fn assert_well_formed(text: &str, spans: &[Vec<Span>]) {
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), spans.len());
    for (line, spans) in lines.iter().zip(spans) {
        let mut at = 0;
        for span in spans {
            assert!(span.range.start >= at, "{line:?}: {spans:?}");
            assert!(span.range.start < span.range.end, "{line:?}: {spans:?}");
            assert!(span.range.end <= line.len(), "{line:?}: {spans:?}");
            assert!(
                line.is_char_boundary(span.range.start) && line.is_char_boundary(span.range.end)
            );
            at = span.range.end;
        }
    }
}

#[test]
fn languages_by_path() {
    assert_eq!(Language::of("fate-9999/values.yaml"), Language::Yaml);
    assert_eq!(
        Language::of("fate-9999/templates/_helpers.tpl"),
        Language::Yaml
    );
    assert_eq!(Language::of("provenance.json"), Language::Json);
    assert_eq!(Language::of("install.sh"), Language::Shell);
    assert_eq!(Language::of("README.md"), Language::Markdown);
    assert_eq!(
        Language::of("fate-9999/templates/NOTES.txt"),
        Language::TemplateText
    );
    assert_eq!(Language::of("SHA256SUMS"), Language::Plain);
    assert_eq!(Language::of("images.txt"), Language::Plain);
}

#[test]
fn yaml_keys_values_comments_and_literals() {
    let y = Language::Yaml;
    assert!(has(y, "  nodePort: 30009", Class::Key, "nodePort"));
    assert!(has(y, "  nodePort: 30009", Class::Num, "30009"));
    assert!(has(y, "  nodePort: 30009", Class::Punct, ":"));
    assert!(has(
        y,
        "  image: \"fate:1.3.0\" # pinned",
        Class::Str,
        "\"fate:1.3.0\""
    ));
    assert!(has(
        y,
        "  image: \"fate:1.3.0\" # pinned",
        Class::Comment,
        "# pinned"
    ));
    assert!(has(
        y,
        "# a comment: with a colon",
        Class::Comment,
        "# a comment: with a colon"
    ));
    assert!(has(y, "  enabled: false", Class::Keyword, "false"));
    assert!(has(
        y,
        "  registry: harbor.corp:8443/fate",
        Class::Str,
        "harbor.corp:8443/fate"
    ));
    assert!(has(y, "  - 10.0.0.1", Class::Punct, "-"));
    assert!(has(y, "  - name: egg", Class::Key, "name"));
    assert!(has(y, "pullSecrets: []", Class::Punct, "["));
    assert!(has(y, "\"quoted key\": 1", Class::Key, "\"quoted key\""));
    // A URL's colon is no key.
    assert!(!tokens(y, "  - http://example.com")
        .iter()
        .any(|(c, _)| *c == Class::Key));
}

#[test]
fn yaml_block_scalars_and_helm_template_actions() {
    let text = "data:\n  script: |\n    echo \"a: b\"\n    # not a comment\n  next: 1\n";
    let spans = highlight(Language::Yaml, text);
    assert_well_formed(text, &spans);
    let class_of = |line: usize| spans[line].iter().map(|s| s.class).collect::<Vec<_>>();
    assert_eq!(
        class_of(2),
        vec![Class::Str],
        "block scalar content is a string"
    );
    assert_eq!(class_of(3), vec![Class::Str]);
    assert_eq!(
        class_of(4)[0],
        Class::Key,
        "the block ends at a key of its indent"
    );

    let y = Language::Yaml;
    assert!(has(
        y,
        "  name: {{ include \"fate.name\" . }}",
        Class::Template,
        "{{ include \"fate.name\" . }}"
    ));
    assert!(has(
        y,
        "{{- if .Values.ingress.enabled }}",
        Class::Template,
        "{{- if .Values.ingress.enabled }}"
    ));
    assert!(has(
        y,
        "  replicas: {{ .Values.replicas }}",
        Class::Key,
        "replicas"
    ));
    let text = "{{- /*\nA comment: long\n*/}}\nkey: 1\n";
    let spans = highlight(Language::Yaml, text);
    assert_well_formed(text, &spans);
    assert_eq!(
        spans[1].iter().map(|s| s.class).collect::<Vec<_>>(),
        vec![Class::Template]
    );
    assert_eq!(spans[3][0].class, Class::Key);
}

#[test]
fn json_keys_strings_numbers_literals() {
    let j = Language::Json;
    let line = r#"  "9999": {"ip": "10.0.0.1", "port": 30009, "tls": false, "x": null},"#;
    assert!(has(j, line, Class::Key, "\"9999\""));
    assert!(has(j, line, Class::Key, "\"ip\""));
    assert!(has(j, line, Class::Str, "\"10.0.0.1\""));
    assert!(has(j, line, Class::Num, "30009"));
    assert!(has(j, line, Class::Keyword, "false"));
    assert!(has(j, line, Class::Keyword, "null"));
    assert!(has(
        j,
        r#""a \"quoted\" key": 1"#,
        Class::Key,
        r#""a \"quoted\" key""#
    ));
}

#[test]
fn shell_comments_strings_variables_keywords_heredocs() {
    let s = Language::Shell;
    assert!(has(
        s,
        "#!/usr/bin/env bash",
        Class::Comment,
        "#!/usr/bin/env bash"
    ));
    assert!(has(
        s,
        "set -euo pipefail  # strict",
        Class::Comment,
        "# strict"
    ));
    assert!(has(s, "set -euo pipefail", Class::Keyword, "set"));
    assert!(has(s, "for ns in $NAMESPACES; do", Class::Keyword, "for"));
    assert!(has(
        s,
        "for ns in $NAMESPACES; do",
        Class::Var,
        "$NAMESPACES"
    ));
    assert!(has(
        s,
        "echo \"installing ${release} in $ns\"",
        Class::Var,
        "${release}"
    ));
    assert!(has(
        s,
        "echo \"installing ${release} in $ns\"",
        Class::Var,
        "$ns"
    ));
    assert!(has(
        s,
        "echo \"installing ${release} in $ns\"",
        Class::Str,
        "\"installing "
    ));
    assert!(has(
        s,
        "echo 'no $expansion'",
        Class::Str,
        "'no $expansion'"
    ));
    // `$#` and a `#` inside a word are no comments.
    assert!(!tokens(s, "[ $# -gt 0 ] && a#b")
        .iter()
        .any(|(c, _)| *c == Class::Comment));
    // No keyword inside an option or a path.
    assert!(!has(s, "helm --set done=1 ./in", Class::Keyword, "done"));
    let text = "cat <<'EOF'\nfor $x in # not code\nEOF\nfi\n";
    let spans = highlight(s, text);
    assert_well_formed(text, &spans);
    assert_eq!(
        spans[1].iter().map(|s| s.class).collect::<Vec<_>>(),
        vec![Class::Str]
    );
    assert_eq!(
        spans[3].iter().map(|s| s.class).collect::<Vec<_>>(),
        vec![Class::Keyword]
    );
    let text = "echo \"one\ntwo # still a string\"\n# comment\n";
    let spans = highlight(s, text);
    assert_eq!(
        spans[1].iter().map(|s| s.class).collect::<Vec<_>>(),
        vec![Class::Str]
    );
    assert_eq!(
        spans[2].iter().map(|s| s.class).collect::<Vec<_>>(),
        vec![Class::Comment]
    );
}

#[test]
fn markdown_headings_lists_code() {
    let text = "# FATE federation\n\n- run `./install.sh`\n```sh\n# not a heading\n```\n1. first\n";
    let spans = highlight(Language::Markdown, text);
    assert_well_formed(text, &spans);
    let lines: Vec<&str> = text.lines().collect();
    let of = |i: usize| -> Vec<(Class, &str)> {
        spans[i]
            .iter()
            .map(|s| (s.class, &lines[i][s.range.clone()]))
            .collect()
    };
    assert_eq!(of(0), vec![(Class::Heading, "# FATE federation")]);
    assert_eq!(
        of(2),
        vec![(Class::Punct, "-"), (Class::Code, "`./install.sh`")]
    );
    assert_eq!(of(4), vec![(Class::Code, "# not a heading")]);
    assert_eq!(of(6), vec![(Class::Punct, "1.")]);
}

#[test]
fn plain_files_have_no_spans_and_odd_text_never_breaks_a_span() {
    assert!(highlight(Language::Plain, "abc  file\n")
        .iter()
        .all(Vec::is_empty));
    let odd = "ключ: «значение» # ü\n\"unterminated: \n'x\n{{ open\n$\n`\n- \n:\n|\n${\n\"\\";
    for language in [
        Language::Yaml,
        Language::Json,
        Language::Shell,
        Language::Markdown,
        Language::TemplateText,
    ] {
        assert_well_formed(odd, &highlight(language, odd));
    }
}

#[test]
fn every_file_of_a_bundle_is_highlighted_well_formed() {
    let config = Config::example();
    let federation = Federation::new(&config, &mut OsRandom).expect("the example is valid");
    let bundle = generate(&federation);
    let mut classes = std::collections::BTreeSet::new();
    for (path, file) in &bundle.files {
        let spans = highlight(Language::of(path), &file.contents);
        assert_well_formed(&file.contents, &spans);
        for span in spans.iter().flatten() {
            classes.insert(span.class.css());
        }
    }
    for css in [
        "tok-key", "tok-str", "tok-num", "tok-com", "tok-kw", "tok-var", "tok-head", "tok-code",
    ] {
        assert!(
            classes.contains(css),
            "no {css} in the whole bundle: {classes:?}"
        );
    }
}
