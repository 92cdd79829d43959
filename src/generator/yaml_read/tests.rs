use serde_json::{json, Value as Json};

use super::{from_str, Error};

fn read(text: &str) -> Json {
    from_str::<Json>(text).unwrap_or_else(|error| panic!("{text:?}: {error}"))
}

fn refused(text: &str) -> Error {
    match from_str::<Json>(text) {
        Ok(value) => panic!("{text:?} was read as {value}"),
        Err(error) => error,
    }
}

fn refused_at(text: &str, words: &str, line: usize, column: usize) {
    let error = refused(text);
    assert!(error.message().contains(words), "{text:?}: {error}");
    assert_eq!(
        (error.line(), error.column()),
        (Some(line), Some(column)),
        "{text:?}: {error}"
    );
}

#[test]
fn block_mappings_and_lists() {
    assert_eq!(
        read("a: 1\nb:\n  c: x\n  d: [1]\n"),
        json!({"a": 1, "b": {"c": "x", "d": [1]}})
    );
    assert_eq!(read("a:\n- 1\n- 2\nb: c\n"), json!({"a": [1, 2], "b": "c"}));
    assert_eq!(
        read("- a: 1\n  b: 2\n- c\n"),
        json!([{"a": 1, "b": 2}, "c"])
    );
    assert_eq!(read("- - a\n  - b\n- c"), json!([["a", "b"], "c"]));
    assert_eq!(read("  a: 1\n  b: 2"), json!({"a": 1, "b": 2}));
    assert_eq!(read("a:\n  b:\nc: 1"), json!({"a": {"b": null}, "c": 1}));
    assert_eq!(read("- a\n-\n- c"), json!(["a", null, "c"]));
    assert_eq!(
        read("a : 1\n'b c': 2\n\"d\": 3"),
        json!({"a": 1, "b c": 2, "d": 3})
    );
    assert_eq!(
        read("? a\n: 1\n? |-\n  multi\n  line\n: 2\n? c\nd: 3\n? e\n: f: 4\n  g: 5\n? h\n: - 6"),
        json!({"a": 1, "multi\nline": 2, "c": null, "d": 3, "e": {"f": 4, "g": 5}, "h": [6]})
    );
    assert_eq!(
        read("url: http://x:80/y\nk:v: 1"),
        json!({"url": "http://x:80/y", "k:v": 1})
    );
}

#[test]
fn flow_collections_and_json() {
    assert_eq!(read("{a: 1, b: [x, y]}"), json!({"a": 1, "b": ["x", "y"]}));
    assert_eq!(
        read("a: [\n 1,\n 2,\n]\nb: {\n  c: d\n  }"),
        json!({"a": [1, 2], "b": {"c": "d"}})
    );
    assert_eq!(
        read("{\"a\":1, \"b\" : [true,false,null],\n \"c\": {\"d\": \"e\\u00e9\"}}"),
        json!({"a": 1, "b": [true, false, null], "c": {"d": "eé"}})
    );
    assert_eq!(read("{a:1}"), json!({"a:1": null}));
    assert_eq!(read("{a, b: }"), json!({"a": null, "b": null}));
    assert_eq!(read("[a b\n  c, d] # x"), json!(["a b c", "d"]));
}

#[test]
fn scalars_resolve_as_the_core_schema() {
    assert_eq!(
        read("[1, -2, +3, 0x1F, 0o17, -0x1, 1.5, 1e3, .5, .inf, 007, 1_0, '1', yes, True, FALSE, ~, Null, '', 1.5.6]"),
        json!([1, -2, 3, 31, 15, -1, 1.5, 1000.0, 0.5, null, "007", "1_0", "1", "yes", true, false, null, null, "", "1.5.6"])
    );
    assert_eq!(read(""), Json::Null);
    assert_eq!(read("# only a comment\n"), Json::Null);
}

#[test]
fn quoted_scalars_and_escapes() {
    assert_eq!(
        read("x: \"a\\x41\\u00e9\\U0001F600\\/\\n\\t\\\"\\\\\\0\\_\\ \""),
        json!({"x": "aAé😀/\n\t\"\\\u{0}\u{a0} "})
    );
    assert_eq!(
        read("x: 'it''s\n  multi\n\n  line'"),
        json!({"x": "it's multi\nline"})
    );
    assert_eq!(read("x: \"a\n  b \\\n  c\""), json!({"x": "a b c"}));
    assert_eq!(
        read("x: 'a # not a comment'"),
        json!({"x": "a # not a comment"})
    );
}

#[test]
fn plain_scalars_fold_over_lines() {
    assert_eq!(read("x: a\n  b\n\n  c"), json!({"x": "a b\nc"}));
    assert_eq!(read("- a\n  - b"), json!(["a - b"]));
    assert_eq!(read("x: a#b c # comment\n"), json!({"x": "a#b c"}));
}

#[test]
fn block_scalars_with_chomping_and_indentation() {
    assert_eq!(read("x: |\n  a\n  b\n\n"), json!({"x": "a\nb\n"}));
    assert_eq!(
        read("x: >\n  a\n  b\n\n  c\n   d\n  e\n"),
        json!({"x": "a b\nc\n d\ne\n"})
    );
    assert_eq!(read("x: |-\n  a\n"), json!({"x": "a"}));
    assert_eq!(read("x: |+\n  a\n\n\n"), json!({"x": "a\n\n\n"}));
    assert_eq!(read("x: |2\n   a\n  b\n"), json!({"x": " a\nb\n"}));
    assert_eq!(read("- |1\n  a\n"), json!([" a\n"]));
    assert_eq!(read("x: >-\n\n  a\n\n"), json!({"x": "\na"}));
    assert_eq!(read("x: |\n\n  \n  a"), json!({"x": "\n\na"}));
    assert_eq!(read("x: |\n  a\ny: 1"), json!({"x": "a\n", "y": 1}));
    assert_eq!(
        read("x: | # c\n  a\n# c\ny: |\n"),
        json!({"x": "a\n", "y": ""})
    );
}

#[test]
fn markers_bom_and_comments() {
    assert_eq!(
        read("\u{feff}---\na: 1 # c\n# d\n...\n# e\n"),
        json!({"a": 1})
    );
    assert_eq!(read("--- [1]"), json!([1]));
    assert_eq!(read("a: 1\r\nb: 2\r\n"), json!({"a": 1, "b": 2}));
}

#[test]
fn what_is_not_supported_is_refused_at_its_line() {
    refused_at("a: &x 1\nb: *x", "anchors and aliases", 1, 4);
    refused_at("a: 1\nb: *x", "anchors and aliases", 2, 4);
    refused_at("a: !x 1", "tags", 1, 4);
    refused_at("? [a]\n: b", "only text can be a key", 1, 3);
    refused_at("{? a: b}", "cannot be inside", 1, 2);
    refused_at("a: b\n---\nc: d", "only one document", 2, 1);
    refused_at("%YAML 1.2\n---\na: 1", "directives", 1, 1);
    refused_at("x:\n\t- a", "a tab cannot indent", 2, 1);
    refused_at("{[1]: a}", "only text can be a key", 1, 2);
    refused_at("[a: 1]", "inside [ ]", 1, 3);
}

#[test]
fn syntax_errors_name_their_line() {
    refused_at("x: 'abc\n", "unclosed quote", 1, 4);
    refused_at("a: [1, 2\n", "not closed", 1, 4);
    refused_at("a: 1\n b: 2", "cannot be a key", 2, 3);
    refused_at("a:\n    b: 1\n  c: 2", "indented more", 3, 3);
    refused_at("- [a]\n  - b", "not indented like the others", 2, 3);
    refused_at("a:\n  - x\n - y", "indented more", 3, 2);
    refused_at("key: a: b", "same line", 1, 7);
    refused_at("x: \"\\q\"", "unknown escape", 1, 5);
    refused_at("x: 'a' b", "unexpected text", 1, 8);
    refused_at("a: [1, , 2]", "unexpected ,", 1, 8);
    refused_at("x: - a", "a list cannot start", 1, 4);
    refused_at("a: `b`", "cannot start with", 1, 4);
    refused_at("a: x\n  b: c", "cannot be a key", 2, 4);
    refused_at("a: 1\x00", "control character", 1, 5);
}

#[test]
fn a_repeated_key_is_refused_at_its_second_spelling() {
    refused_at("a: 1\nb: 2\na: 3", "duplicate entry with key `a`", 3, 1);
    refused_at("{x: {a: 1, 'a': 2}}", "duplicate entry with key `a`", 1, 12);
    assert_eq!(refused("{x: {a: 1, 'a': 2}}").path(), "x");
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Sample {
    name: String,
    count: Option<u32>,
    #[serde(default)]
    list: Vec<String>,
    #[serde(default)]
    inner: Option<Inner>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Inner {
    port: u16,
}

fn sample_error(text: &str) -> Error {
    from_str::<Sample>(text).expect_err("refused")
}

#[test]
fn serde_messages_come_through_with_path_and_key_position() {
    let error = sample_error("name: a\ninner:\n  port: 1\n  prot: 2\n");
    assert!(
        error
            .message()
            .starts_with("unknown field `prot`, expected `port`"),
        "{error}"
    );
    assert_eq!(
        (error.path(), error.line(), error.column()),
        ("inner", Some(4), Some(3))
    );
    let error = sample_error("name: a\ncount: 1\nname: b\n");
    assert_eq!(error.message(), "duplicate field `name`");
    assert_eq!((error.line(), error.column()), (Some(3), Some(1)));
    let error = sample_error("name: a\ncount: 99999999999\n");
    assert_eq!(
        error.message(),
        "invalid value: integer `99999999999`, expected u32"
    );
    assert_eq!(
        (error.path(), error.line(), error.column()),
        ("count", Some(2), Some(8))
    );
    let error = sample_error("name: a\ncount: -1\n");
    assert_eq!(error.message(), "invalid type: integer `-1`, expected u32");
    let error = sample_error("name: a\ncount: '5'\n");
    assert_eq!(error.message(), "invalid type: string \"5\", expected u32");
    let error = sample_error("name: a\nlist: [a, {b: 1}]\n");
    assert_eq!(error.message(), "invalid type: map, expected a string");
    assert_eq!(error.path(), "list[1]");
    assert_eq!(sample_error("count: 1\n").message(), "missing field `name`");
    assert_eq!(
        sample_error("~").message(),
        "invalid type: unit value, expected struct Sample"
    );
    assert_eq!(sample_error("inner: {port: 70000}").path(), "inner.port");
    assert_eq!(
        sample_error("name: a\ncount: 1.5\n").message(),
        "invalid type: floating point `1.5`, expected u32"
    );
}

#[test]
fn plain_scalars_read_as_text_where_text_is_expected() {
    let sample: Sample = from_str("name: 1\nlist: [true, ~, 0x1F]\ncount:\ninner:\n").unwrap();
    assert_eq!(sample.name, "1");
    assert_eq!(sample.list, ["true", "~", "0x1F"]);
    assert_eq!(sample.count, None);
    assert!(sample.inner.is_none());
    let sample: Sample = from_str("name: ~\nlist:\n").unwrap();
    assert_eq!(sample.name, "~");
    assert!(sample.list.is_empty());
    assert_eq!(from_str::<String>("'a''b'").unwrap(), "a'b");
}

#[test]
fn nesting_is_capped_without_recursing_further() {
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    assert!(refused(&deep).message().contains("nested too deep"));
    let deep = "- ".repeat(200);
    assert!(refused(&deep).message().contains("nested too deep"));
    let fine = format!("{}1{}", "[".repeat(100), "]".repeat(100));
    read(&fine);
}
