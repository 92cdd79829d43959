//! The address syntax of `partyiplist`, `exchangeip` and `proxyIpList` entries, and the NodePort
//! bookkeeping that gives DMZ parties fixed NodePorts no other Service on the address uses.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::error::ValueProblem;

/// `host:port` as written in `partyiplist` / `exchangeip`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Endpoint {
    pub(super) host: String,
    pub(super) port: u32,
}

/// A `proxyIpList` entry: the DMZ host, and the port its proxy publishes if one is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DmzAddress {
    pub(super) host: String,
    pub(super) port: Option<u32>,
}

fn parse_port(text: &str) -> Result<u32, ValueProblem> {
    if text.is_empty() || text.len() > 5 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ValueProblem::BadPort(text.to_owned()));
    }
    match text.parse::<u32>() {
        Ok(p) if (1..=65535).contains(&p) => Ok(p),
        _ => Err(ValueProblem::BadPort(text.to_owned())),
    }
}

/// Checks an IPv4 address or DNS name (IPv6 is handled by the callers).
fn check_host(host: &str) -> Result<(), ValueProblem> {
    if host.is_empty() {
        return Err(ValueProblem::BadHost(String::new()));
    }
    let bad = || ValueProblem::BadHost(host.to_owned());
    if host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return host.parse::<Ipv4Addr>().map(|_| ()).map_err(|_| bad());
    }
    if host.len() > 253 {
        return Err(bad());
    }
    for label in host.split('.') {
        let ok = !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !ok {
            return Err(bad());
        }
    }
    Ok(())
}

fn check_ipv6(host: &str) -> Result<(), ValueProblem> {
    host.parse::<Ipv6Addr>()
        .map(|_| ())
        .map_err(|_| ValueProblem::BadHost(host.to_owned()))
}

/// `host:port` with `host` an IPv4 address, a DNS name or `[IPv6]`.
pub(super) fn parse_endpoint(text: &str) -> Result<Endpoint, ValueProblem> {
    if text.is_empty() {
        return Err(ValueProblem::Empty);
    }
    if let Some(rest) = text.strip_prefix('[') {
        let Some((host, after)) = rest.split_once(']') else {
            return Err(ValueProblem::BadHost(text.to_owned()));
        };
        check_ipv6(host)?;
        return match after.strip_prefix(':') {
            Some(port) => Ok(Endpoint {
                host: host.to_owned(),
                port: parse_port(port)?,
            }),
            None if after.is_empty() => Err(ValueProblem::MissingPort {
                host: format!("[{host}]"),
            }),
            None => Err(ValueProblem::BadHost(text.to_owned())),
        };
    }
    let Some((host, port)) = text.rsplit_once(':') else {
        check_host(text)?;
        return Err(ValueProblem::MissingPort {
            host: text.to_owned(),
        });
    };
    if host.contains(':') {
        return Err(ValueProblem::UnbracketedIpv6);
    }
    check_host(host)?;
    Ok(Endpoint {
        host: host.to_owned(),
        port: parse_port(port)?,
    })
}

/// Parses a `proxyIpList` entry: a host, optionally with the port its proxy publishes.
pub(super) fn parse_dmz(text: &str) -> Result<DmzAddress, ValueProblem> {
    let dmz = |host: &str, port| DmzAddress {
        host: host.to_owned(),
        port,
    };
    if let Some(rest) = text.strip_prefix('[') {
        let Some((host, after)) = rest.split_once(']') else {
            return Err(ValueProblem::BadHost(text.to_owned()));
        };
        check_ipv6(host)?;
        return match after.strip_prefix(':') {
            Some(port) => Ok(dmz(host, Some(parse_port(port)?))),
            None if after.is_empty() => Ok(dmz(host, None)),
            None => Err(ValueProblem::BadHost(text.to_owned())),
        };
    }
    // Unlike in `partyiplist`, a bare IPv6 address is accepted: the port is optional here, so
    // several colons mean an address without one.
    if text.matches(':').count() > 1 {
        check_ipv6(text)?;
        return Ok(dmz(text, None));
    }
    match text.split_once(':') {
        Some((host, port)) => {
            check_host(host)?;
            Ok(dmz(host, Some(parse_port(port)?)))
        }
        None => {
            check_host(text)?;
            Ok(dmz(text, None))
        }
    }
}

// The NodePort range and the free-port search have one home, `crate::generator::ports`.
pub(super) use crate::generator::ports::{
    is_node_port as in_node_port_range, next_free_node_port as next_free,
};

/// How addresses are compared when deciding which NodePorts are taken (as validation does).
pub(super) fn address_key(host: &str) -> String {
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.to_string(),
        Err(_) => host.trim_end_matches('.').to_ascii_lowercase(),
    }
}

/// `host` as it appears in `host:port` text (the core's one spelling).
pub(super) fn with_port(host: &str, port: u32) -> String {
    crate::generator::names::host_port(host, port)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        let ep = |h: &str, p| {
            Ok(Endpoint {
                host: h.to_owned(),
                port: p,
            })
        };
        assert_eq!(
            parse_endpoint("192.168.11.2:30010"),
            ep("192.168.11.2", 30010)
        );
        assert_eq!(parse_endpoint("[::1]:30010"), ep("::1", 30010));
        assert_eq!(
            parse_endpoint("node-0.example:30010"),
            ep("node-0.example", 30010)
        );
        assert!(matches!(
            parse_endpoint("192.168.11.2"),
            Err(ValueProblem::MissingPort { .. })
        ));
        assert!(matches!(
            parse_endpoint("::1:30010"),
            Err(ValueProblem::UnbracketedIpv6)
        ));
        assert!(matches!(
            parse_endpoint("300.1.1.1:30010"),
            Err(ValueProblem::BadHost(_))
        ));
        assert!(matches!(
            parse_endpoint("1.1.1.1:x"),
            Err(ValueProblem::BadPort(_))
        ));
        assert!(matches!(
            parse_endpoint("1.1.1.1:70000"),
            Err(ValueProblem::BadPort(_))
        ));
        let dmz = |host: &str, port| {
            Ok(DmzAddress {
                host: host.to_owned(),
                port,
            })
        };
        assert_eq!(parse_dmz("192.168.13.1"), dmz("192.168.13.1", None));
        assert_eq!(parse_dmz("fd00::1"), dmz("fd00::1", None));
        assert_eq!(parse_dmz("[fd00::1]:9371"), dmz("fd00::1", Some(9371)));
        assert_eq!(
            parse_dmz("dmz.example:9371"),
            dmz("dmz.example", Some(9371))
        );
    }
}
