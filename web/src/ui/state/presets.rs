//! The presets offered on first load and under "Presets…": config documents as real files
//! (`web/presets/*.yaml`), embedded here and parsed by the core's `parse_config`.

use crate::generator::config::Config;
use crate::generator::federation::parse_config;

/// A starting point for a new federation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    /// No party yet.
    Empty,
    /// Two parties behind an exchange (the old kube.cfg sample).
    TwoPartiesExchange,
    /// Three parties routing each other directly.
    Mesh,
    /// One party's proxy on a DMZ host.
    Dmz,
    /// Own registry and NFS.
    AirGapped,
    /// FATE 2.2 behind an exchange.
    Fate22,
    /// FATE 2.2 with mutual TLS.
    Fate22Tls,
}

impl Preset {
    /// Every preset, in the order the chooser lists them.
    pub const ALL: [Preset; 7] = [
        Preset::TwoPartiesExchange,
        Preset::Mesh,
        Preset::Dmz,
        Preset::AirGapped,
        Preset::Fate22,
        Preset::Fate22Tls,
        Preset::Empty,
    ];

    /// The file's stem, also the chooser button's id (`preset-<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Preset::Empty => "empty",
            Preset::TwoPartiesExchange => "two-parties-exchange",
            Preset::Mesh => "mesh",
            Preset::Dmz => "dmz",
            Preset::AirGapped => "air-gapped",
            Preset::Fate22 => "fate22",
            Preset::Fate22Tls => "fate22-tls",
        }
    }

    /// The chooser's title.
    pub fn title(self) -> &'static str {
        match self {
            Preset::Empty => "Empty",
            Preset::TwoPartiesExchange => "Two parties + exchange",
            Preset::Mesh => "Mesh of three parties",
            Preset::Dmz => "DMZ proxy",
            Preset::AirGapped => "Air-gapped: own registry + NFS",
            Preset::Fate22 => "FATE 2.2",
            Preset::Fate22Tls => "FATE 2.2 with mutual TLS",
        }
    }

    /// One sentence under the title.
    pub fn description(self) -> &'static str {
        match self {
            Preset::Empty => "No party yet: add each party yourself.",
            Preset::TwoPartiesExchange => {
                "FATE 1.3: parties 10000 and 9999 route through an exchange that knows every party."
            }
            Preset::Mesh => "FATE 1.3: parties 10000, 9999 and 8888 route to each other directly, no exchange.",
            Preset::Dmz => {
                "FATE 1.3: party 10000 runs its proxy on a host outside the cluster (Docker Compose), behind an exchange."
            }
            Preset::AirGapped => {
                "FATE 1.3: every image from your own registry, every party's data on one NFS export."
            }
            Preset::Fate22 => "FATE 2.2 (OSX, eggroll 3.2, fateflow 2.2): two parties behind an exchange.",
            Preset::Fate22Tls => {
                "FATE 2.2 with mutual TLS between every party and the exchange; this tab issues the certificates."
            }
        }
    }

    /// The document's text (`web/presets/<key>.yaml`).
    pub fn text(self) -> &'static str {
        match self {
            Preset::Empty => include_str!("../../../presets/empty.yaml"),
            Preset::TwoPartiesExchange => {
                include_str!("../../../presets/two-parties-exchange.yaml")
            }
            Preset::Mesh => include_str!("../../../presets/mesh.yaml"),
            Preset::Dmz => include_str!("../../../presets/dmz.yaml"),
            Preset::AirGapped => include_str!("../../../presets/air-gapped.yaml"),
            Preset::Fate22 => include_str!("../../../presets/fate22.yaml"),
            Preset::Fate22Tls => include_str!("../../../presets/fate22-tls.yaml"),
        }
    }

    /// The document (without passwords or certificates: the reducer makes them).
    pub fn config(self) -> Result<Config, String> {
        parse_config(self.text()).map_err(|e| format!("preset {}: {e}", self.key()))
    }
}
