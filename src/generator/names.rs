//! Syntax checks for the names and addresses Kubernetes, DNS and registries accept.
//!
//! Each check returns `Err(message)` with a plain sentence the user can act on; the caller adds
//! the field path.

use std::net::{Ipv4Addr, Ipv6Addr};

/// How a host was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostKind {
    /// Dotted IPv4.
    Ipv4,
    /// IPv6, without brackets.
    Ipv6,
    /// A DNS name.
    Dns,
}

/// The host without the brackets an IPv6 address may be written in (`[fd00::1]` → `fd00::1`):
/// FATE's route tables and properties take bare addresses.
pub fn unbracketed(host: &str) -> &str {
    host.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
}

/// The one spelling of an address with a port, as people, `curl` and compose files read it:
/// IPv6 in brackets (`[fd00::1]:30010`, bare `fd00::1:30010` would be ambiguous), IPv4 and DNS
/// names as they are. Brackets already typed around the host are not doubled. Route tables in
/// JSON and YAML keep host and port apart and never use this.
pub fn host_port(host: &str, port: impl std::fmt::Display) -> String {
    let bare = unbracketed(host);
    if bare.parse::<Ipv6Addr>().is_ok() {
        format!("[{bare}]:{port}")
    } else {
        format!("{bare}:{port}")
    }
}

/// A host in the form two spellings of the same host share: IP addresses in their canonical
/// form without brackets, DNS names lower-cased without a trailing dot. Used to find hosts used
/// twice (`[FD00::1]` and `fd00::1` are the same).
pub fn normalized_host(host: &str) -> String {
    let bare = unbracketed(host);
    match bare.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.to_string(),
        Err(_) => bare.trim_end_matches('.').to_ascii_lowercase(),
    }
}

/// Checks an address peers or pods use: IPv4, IPv6 (brackets allowed) or a DNS name. No port.
pub fn host(value: &str) -> Result<HostKind, String> {
    if value.is_empty() {
        return Err("is empty; give an IPv4 or IPv6 address or a DNS name".to_owned());
    }
    if value.trim() != value {
        return Err(format!("“{value}” has leading or trailing spaces"));
    }
    if unbracketed(value).parse::<Ipv6Addr>().is_ok() {
        return Ok(HostKind::Ipv6);
    }
    if value.parse::<Ipv4Addr>().is_ok() {
        return Ok(HostKind::Ipv4);
    }
    if let Some((head, port)) = value.rsplit_once(':') {
        if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && !head.contains(':') {
            return Err(format!(
                "“{value}” includes a port; give the address “{head}” here and the port {port} in its own field"
            ));
        }
    }
    if value.contains("://") {
        return Err(format!("“{value}” is a URL; give only the host name"));
    }
    if looks_numeric(value) {
        return Err(format!("“{value}” is not a valid IPv4 address"));
    }
    dns_name(value).map(|()| HostKind::Dns)
}

/// True when every dot-separated part is digits: such a name must be an IPv4 address.
fn looks_numeric(value: &str) -> bool {
    value
        .split('.')
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// RFC 1123 host name: labels of letters, digits and `-`, at most 253 characters.
pub fn dns_name(value: &str) -> Result<(), String> {
    if value.len() > 253 {
        return Err(format!("“{value}” is longer than 253 characters"));
    }
    let trimmed = value.strip_suffix('.').unwrap_or(value);
    if trimmed.is_empty() {
        return Err("is empty".to_owned());
    }
    for label in trimmed.split('.') {
        if label.is_empty() {
            return Err(format!("“{value}” has an empty label (two dots in a row?)"));
        }
        if label.len() > 63 {
            return Err(format!("“{value}” has a label longer than 63 characters"));
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(format!(
                "“{value}” is not a valid DNS name: use letters, digits, “-” and “.”"
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!(
                "“{value}” is not a valid DNS name: a label cannot start or end with “-”"
            ));
        }
    }
    if trimmed
        .rsplit('.')
        .next()
        .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!(
            "“{value}” is not a valid DNS name: the last label cannot be all digits"
        ));
    }
    Ok(())
}

/// True when the first and the last character are ASCII letters or digits.
fn alphanumeric_ends(value: &str) -> bool {
    value
        .bytes()
        .next()
        .zip(value.bytes().last())
        .is_some_and(|(a, z)| a.is_ascii_alphanumeric() && z.is_ascii_alphanumeric())
}

/// Kubernetes DNS-1123 label (namespaces): lower-case letters, digits, `-`, at most 63.
pub fn dns_label(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err("is empty".to_owned());
    }
    if value.len() > 63 {
        return Err(format!("“{value}” is longer than 63 characters"));
    }
    let ok_chars = value
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let ok_ends = alphanumeric_ends(value);
    if !ok_chars || !ok_ends {
        return Err(format!(
            "“{value}” is not a valid Kubernetes name: lower-case letters, digits and “-”, starting and ending with a letter or digit"
        ));
    }
    Ok(())
}

/// Kubernetes DNS-1123 subdomain (Secret, StorageClass, claim, IngressClass names).
pub fn dns_subdomain(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err("is empty".to_owned());
    }
    if value.len() > 253 {
        return Err(format!("“{value}” is longer than 253 characters"));
    }
    for part in value.split('.') {
        dns_label(part).map_err(|_| {
            format!(
                "“{value}” is not a valid Kubernetes name: lower-case letters, digits, “-” and “.”"
            )
        })?;
    }
    Ok(())
}

/// A Kubernetes label value: at most 63 of letters, digits, `-`, `_`, `.`, alphanumeric at both
/// ends. Empty is allowed by Kubernetes; callers decide what empty means.
pub fn label_value(value: &str) -> Result<(), String> {
    if value.len() > 63 {
        return Err(format!("“{value}” is longer than 63 characters"));
    }
    if value.is_empty() {
        return Ok(());
    }
    let ok_chars = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    let ok_ends = alphanumeric_ends(value);
    if !ok_chars || !ok_ends {
        return Err(format!(
            "“{value}” is not a valid label value: letters, digits, “-”, “_” and “.”, starting and ending with a letter or digit"
        ));
    }
    Ok(())
}

/// A Kubernetes label key: optional DNS-subdomain prefix and `/`, then a name like a label value.
pub fn label_key(value: &str) -> Result<(), String> {
    let (prefix, name) = match value.rsplit_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, value),
    };
    if let Some(prefix) = prefix {
        dns_subdomain(prefix).map_err(|_| format!("“{value}” has an invalid prefix before “/”"))?;
    }
    if name.is_empty() {
        return Err(format!("“{value}” has no name part"));
    }
    label_value(name).map_err(|_| {
        format!("“{value}” is not a valid label key: letters, digits, “-”, “_” and “.”, optionally prefixed by a DNS name and “/”")
    })
}

/// A Kubernetes resource quantity such as `10Gi`, `500Mi` or `1T`.
pub fn quantity(value: &str) -> Result<(), String> {
    const SUFFIXES: [&str; 13] = [
        "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "k", "M", "G", "T", "P", "E", "",
    ];
    let number_end = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let (number, suffix) = value.split_at(number_end);
    let number_ok = !number.is_empty()
        && number.matches('.').count() <= 1
        && number.bytes().any(|b| b.is_ascii_digit())
        && !number.starts_with('.');
    if !number_ok || !SUFFIXES.contains(&suffix) {
        return Err(format!(
            "“{value}” is not a size Kubernetes understands; write it like “10Gi” or “500Mi”"
        ));
    }
    if number.bytes().all(|b| b == b'0' || b == b'.') {
        return Err(format!("“{value}” is zero"));
    }
    Ok(())
}

/// An image registry and project such as `harbor.example:8443/federatedai`.
pub fn registry(value: &str) -> Result<(), String> {
    if value.contains("://") {
        return Err(format!(
            "“{value}” has a URL scheme; write the registry without it, e.g. “harbor.example/federatedai”"
        ));
    }
    if value.ends_with('/') {
        return Err(format!("“{value}” ends with “/”; drop it"));
    }
    let mut parts = value.split('/');
    let first = parts.next().unwrap_or_default();
    let (host_part, port) = match first.rsplit_once(':') {
        Some((h, p)) if !first.ends_with(']') => (h, Some(p)),
        _ => (first, None),
    };
    if let Some(port) = port {
        if port.parse::<u16>().map_or(true, |p| p == 0) {
            return Err(format!("“{value}” has an invalid port “{port}”"));
        }
    }
    if host(host_part).is_err() {
        return Err(format!(
            "“{value}” does not start with a valid registry host"
        ));
    }
    for path in parts {
        let ok = !path.is_empty()
            && path.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
            })
            && path
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric())
            && path
                .bytes()
                .last()
                .is_some_and(|b| b.is_ascii_alphanumeric());
        if !ok {
            return Err(format!(
                "“{value}” has an invalid path part “{path}”: lower-case letters, digits, “.”, “_” and “-”"
            ));
        }
    }
    Ok(())
}

/// An image tag; floating `latest` is refused so deployments are reproducible.
pub fn image_tag(value: &str) -> Result<(), String> {
    let ok = !value.is_empty()
        && value.len() <= 128
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        && value
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !ok {
        return Err(format!(
            "“{value}” is not a valid image tag: letters, digits, “_”, “.” and “-”, at most 128"
        ));
    }
    if value == "latest" {
        return Err("“latest” moves; pin a tag such as “1.2.0-release”".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(host("192.168.11.2"), Ok(HostKind::Ipv4));
        assert_eq!(host("fd00::1"), Ok(HostKind::Ipv6));
        assert_eq!(host("[fd00::1]"), Ok(HostKind::Ipv6));
        assert_eq!(host("node-1.example.org"), Ok(HostKind::Dns));
        assert!(host("192.168.11").is_err());
        assert!(host("300.1.1.1").is_err());
        assert!(host("192.168.11.2:30010").unwrap_err().contains("port"));
        assert!(host("http://x").is_err());
        assert!(host("a_b.example").is_err());
        assert!(host("-a.example").is_err());
        assert!(host("").is_err());
    }

    #[test]
    fn host_and_port_spelling() {
        assert_eq!(host_port("fd00::1", 30010), "[fd00::1]:30010");
        assert_eq!(host_port("[fd00::1]", 30010), "[fd00::1]:30010");
        assert_eq!(host_port("192.168.11.2", 30010), "192.168.11.2:30010");
        assert_eq!(
            host_port("node-1.example.org", 9370),
            "node-1.example.org:9370"
        );
        // An IPv4-mapped address is IPv6 too.
        assert_eq!(host_port("::ffff:10.0.0.1", 1), "[::ffff:10.0.0.1]:1");
    }

    #[test]
    fn kubernetes_names() {
        assert!(dns_label("fate-10000").is_ok());
        assert!(dns_label("Fate").is_err());
        assert!(dns_label(&"a".repeat(64)).is_err());
        assert!(dns_subdomain("my.secret-1").is_ok());
        assert!(label_key("fedai.org").is_ok());
        assert!(label_key("kubernetes.io/hostname").is_ok());
        assert!(label_key("bad key").is_err());
        assert!(label_value("fate-node-0").is_ok());
        assert!(label_value("-x").is_err());
    }

    #[test]
    fn quantities_registries_tags() {
        for ok in ["10Gi", "500Mi", "1", "1.5Gi", "2T"] {
            assert!(quantity(ok).is_ok(), "{ok}");
        }
        for bad in ["", "Gi", "10 GB", "0Gi", "1..2Gi", "10gb"] {
            assert!(quantity(bad).is_err(), "{bad}");
        }
        for ok in [
            "federatedai",
            "harbor.example:8443/federatedai",
            "192.168.10.1/federatedai",
        ] {
            assert!(registry(ok).is_ok(), "{ok}");
        }
        for bad in ["https://h/x", "h/", "h/UPPER", "h:99999/x"] {
            assert!(registry(bad).is_err(), "{bad}");
        }
        assert!(image_tag("1.2.0-release").is_ok());
        assert!(image_tag("latest").is_err());
        assert!(image_tag("a b").is_err());
    }
}
