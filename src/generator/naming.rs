//! Default names the bundle gives releases, namespaces and hosts: the one home of `fate-<id>`,
//! `fate-exchange` and `<id>.fateboard.fedai.org`, so validation, charts, scripts, README and
//! the form always agree.

/// Release, chart folder and default namespace of the exchange.
pub const EXCHANGE_RELEASE: &str = "fate-exchange";

/// Release and chart folder of a party (`fate-10000`); also the default of its namespace.
pub fn party_release(party_id: &str) -> String {
    format!("fate-{party_id}")
}

/// Namespace of a party that sets none.
pub fn default_party_namespace(party_id: &str) -> String {
    party_release(party_id)
}

/// Namespace of the exchange when none is set.
pub const DEFAULT_EXCHANGE_NAMESPACE: &str = EXCHANGE_RELEASE;

/// fateboard Ingress host of a party that sets none, as the old script wrote it.
pub fn default_fateboard_host(party_id: &str) -> String {
    format!("{party_id}.fateboard.fedai.org")
}

/// Folder of a party's DMZ-host files in the bundle.
pub fn dmz_folder(party_id: &str) -> String {
    format!("dmz-{party_id}")
}
