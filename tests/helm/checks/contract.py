"""Numbers and names each FATE line and the chart values contract fix, shared by several checks.

The one home of line facts: the checks ask ``line_facts(...)`` which line a config, party,
exchange or images dict belongs to (``config.normalize_config`` writes ``line`` into each) and
read its Services, ports, proxy, route table, images and credentials from the ``LineFacts``.

FATE 1.2/1.3: components find each other by Service name and fixed port (section 9 of the FATE
1.2 reference); the proxy reads its configuration from a fixed directory; charts take the three
database/cache passwords from ``credentials`` in values.yaml (charts/README.md).

FATE 2.2: OSX (the party's proxy and only NodePort) reads ``broker.properties`` and
``route_table.json`` from ``conf/broker/``; eggroll 3.2 is a clustermanager Service plus one
nodemanager Deployment per egg entry, without a Service (the clustermanager reaches each at the
pod IP it advertises); fateflow 2.2, fateboard 2.1 and mysql; no redis.

FATE 2.2 with mutual TLS (federation.yaml ``tls.enabled``; ``TlsFacts``, ``tls_facts``): OSX's
TLS server on 9371 is the NodePort (Service ``osx-tls``), the plaintext 9370 stays inside a
party's cluster for its fateflow (Service ``osx``, ClusterIP; the exchange has none); the
Secret ``osx-tls`` (``ca.crt``, ``tls.crt``, ``tls.key``) is mounted where broker.properties
and every route to another party or the exchange name the files; client certificates are
required. The authority's key is only in the full bundle, at ``tls/ca.key``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# --- FATE 1.2/1.3 (the names the 1.x checks have always imported) -----------------------------

PROXY_PORT = 9370
FEDERATION_PORT = 9394
FATEFLOW_GRPC_PORT = 9360
FATEFLOW_HTTP_PORT = 9380
PROXY_CONF_DIR = "/data/projects/fate/proxy/conf"

#: Ports each FATE 1.x Service must expose (section 9 of the reference).
SERVICE_PORTS = {
    "federation": (FEDERATION_PORT,),
    "meta-service": (8590,),
    "roll": (8011,),
    "redis": (6379,),
    "mysql": (3306,),
    "fateflow": (FATEFLOW_GRPC_PORT, FATEFLOW_HTTP_PORT),
    "fateboard": (8080,),
    "proxy": (PROXY_PORT,),
}
EGG_PORTS = (7888, 7778)

#: Kubernetes' default NodePort range.
NODE_PORT_RANGE = (30000, 32767)

#: The passwords a FATE 1.x chart takes from ``credentials`` in values.yaml.
CREDENTIAL_KEYS = ("mysqlRootPassword", "mysqlPassword", "redisPassword")

# --- FATE 2.2 -------------------------------------------------------------------------------

OSX_PORT = 9370
CLUSTERMANAGER_PORT = 4670
NODEMANAGER_PORT = 4671
#: OSX's ``-c`` directory; it reads ``broker/broker.properties`` and ``broker/route_table.json``.
OSX_CONF_DIR = "/data/projects/fate/osx/conf"
OSX_BOOTSTRAP = "org.fedai.osx.broker.Bootstrap"
#: Keys of ConfigMap/osx-config that OSX reads from ``OSX_CONF_DIR/broker/``.
OSX_CONF_KEYS = ("broker.properties", "route_table.json")
#: broker.properties keys every OSX (party and exchange) needs, and a party's OSX in addition
#: (it serves the party's eggroll through the clustermanager).
OSX_BROKER_PROPERTIES = {"grpc.port": str(OSX_PORT), "open.http.server": "false"}
OSX_PARTY_BROKER_PROPERTIES = {"eggroll.cluster.manager.ip": "clustermanager",
                               "eggroll.cluster.manager.port": str(CLUSTERMANAGER_PORT)}
#: broker.properties keys OSX 1.1.0 does not read (the party comes from route_table.json's
#: ``self_party``): writing them suggests a setting that has no effect.
OSX_UNREAD_PROPERTIES = ("self.party",)
#: ``self_party`` of the exchange's route table: it is no party, so it forwards everything.
EXCHANGE_SELF_PARTY = "default"

#: Ports each FATE 2.2 party Service must expose.
SERVICE_PORTS_2 = {
    "osx": (OSX_PORT,),
    "clustermanager": (CLUSTERMANAGER_PORT,),
    "mysql": (3306,),
    "fateflow": (FATEFLOW_GRPC_PORT, FATEFLOW_HTTP_PORT),
    "fateboard": (8080,),
}

#: The passwords a FATE 2.2 chart takes from ``credentials`` in values.yaml.
CREDENTIAL_KEYS_2 = ("mysqlRootPassword", "mysqlPassword", "fateboardPassword")

#: FATE 2.2's own images and the release's tag of each (used when ``images.tag`` is not given).
RELEASE_TAGS_2 = {
    "eggroll": "3.2.0-release",
    "fateboard": "2.1.1-release",
    "fateflow": "2.2.0-release",
    "osx": "2.2.0-release",
}


# --- FATE 2.2 with mutual TLS -----------------------------------------------------------------

OSX_TLS_PORT = 9371
#: The PEM label of a PKCS#8 private key (what OSX's gRPC server and client read) and the
#: pattern of every private key armour (PKCS#8, encrypted, RSA, EC, OpenSSH).
PKCS8_KEY_LABEL = "PRIVATE KEY"
PRIVATE_KEY_ARMOUR = r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"
CERTIFICATE_LABEL = "CERTIFICATE"


@dataclass(frozen=True)
class TlsFacts:
    """What a FATE line's charts render when federation.yaml has ``tls.enabled``."""

    #: OSX's TLS port (``grpc.tls.port``) and the name of that container port.
    port: int
    port_name: str
    #: The NodePort Service of the TLS port; the plaintext proxy Service stays at a party as
    #: ClusterIP (its fateflow's way in) and is absent at the exchange.
    service: str
    #: The Secret with this OSX's certificate and key and the authority's certificate, its type,
    #: and its keys with the PEM label each holds.
    secret: str
    secret_type: str
    secret_keys: dict[str, str]
    #: Where the charts mount the Secret (the directory of the files below).
    mount_dir: str
    #: broker.properties keys naming a file, and the Secret key each must be.
    broker_files: dict[str, str]
    #: broker.properties keys and values TLS needs (the TLS server on its port, client
    #: certificates required: without ``grpc.ssl.open.client.validate`` OSX does one-way TLS).
    broker_properties: dict[str, str]
    #: Without TLS: broker.properties keys that must be absent, and the TLS server switch,
    #: which is absent or false.
    server_switch: str
    #: route_table.json: the endpoint flag of a TLS route, and its file keys with the Secret key
    #: each must be.
    route_flag: str
    route_files: dict[str, str]
    #: The templates whose rendering the OSX pod's ``checksum/config`` covers (the ConfigMap
    #: always; the Secret with TLS, so new certificates roll OSX, which reads them once).
    checksum_templates: tuple[str, ...]
    #: The full bundle's authority certificate and key (the key only when the tool holds it).
    bundle_ca_cert: str
    bundle_ca_key: str
    #: values.yaml: where a chart's TLS settings are (``osx.tls``: enabled, ca, cert, key).
    values_path: tuple[str, ...]

    @property
    def broker_tls_keys(self) -> tuple[str, ...]:
        """Every broker.properties key of the TLS server (absent without TLS)."""
        return tuple(k for k in (*self.broker_properties, *self.broker_files) if k != self.server_switch)

    def file_path(self, secret_key: str) -> str:
        """Where the charts put one of the Secret's files."""
        return f"{self.mount_dir}/{secret_key}"


OSX_TLS = TlsFacts(
    port=OSX_TLS_PORT,
    port_name="osx-tls",
    service="osx-tls",
    secret="osx-tls",
    secret_type="kubernetes.io/tls",
    secret_keys={"ca.crt": CERTIFICATE_LABEL, "tls.crt": CERTIFICATE_LABEL, "tls.key": PKCS8_KEY_LABEL},
    mount_dir=f"{OSX_CONF_DIR}/tls",
    broker_files={"grpc.server.cert.chain.file": "tls.crt", "grpc.server.private.key.file": "tls.key",
                  "grpc.server.ca.file": "ca.crt"},
    broker_properties={"open.grpc.tls.server": "true", "grpc.tls.port": str(OSX_TLS_PORT),
                       "grpc.ssl.open.client.validate": "true"},
    server_switch="open.grpc.tls.server",
    route_flag="useSSL",
    route_files={"caFile": "ca.crt", "certChainFile": "tls.crt", "privateKeyFile": "tls.key"},
    checksum_templates=("configmap-osx.yaml", "secret-osx-tls.yaml"),
    bundle_ca_cert="tls/ca.crt",
    bundle_ca_key="tls/ca.key",
    values_path=("osx", "tls"),
)


@dataclass(frozen=True)
class LineFacts:
    """What one FATE line's charts must render (see the module docstring)."""

    name: str  # "1.x" or "2.x"
    versions: tuple[str, ...]
    #: The proxy's Service and Deployment name (party and exchange), its port.
    proxy: str
    proxy_port: int
    #: The ConfigMap holding the proxy's ``route_table.json``.
    proxy_config: str
    #: Services every party has besides the proxy, with their ports.
    party_services: dict[str, tuple[int, ...]]
    #: ``egg_name.format(j)`` names the j-th egg's Deployment (and, with ``egg_service_ports``,
    #: its Service); ``egg_port`` is the container port each egg listens on.
    egg_name: str
    egg_service_ports: tuple[int, ...] | None
    egg_port: int
    #: Route roles a message between parties is simulated for, and where the destination's own
    #: route table entry must deliver each role: (Service, port).
    deliver: dict[str, tuple[str, int]]
    credential_keys: tuple[str, ...]
    #: FATE's own images, each with its release's tag. ``None`` (1.x): every FATE image takes
    #: ``images.tag``, default ``<fateVersion>-release``; on 2.x a given ``images.tag`` overrides
    #: every release tag.
    fate_images: dict[str, str | None]
    #: Third-party images and the ``images`` key of their tag.
    third_party_images: dict[str, str]
    #: The Helm targets the line's charts are for (None: not checked, as the 1.x checks never
    #: did), and whether a party may run its proxy in a DMZ.
    targets: tuple[str, ...] | None
    dmz: bool
    #: Whether images.txt must list exactly the used images (else: at least them).
    exact_images_txt: bool
    #: What the charts render with ``tls.enabled`` (None: the line has no TLS between proxies).
    tls: TlsFacts | None = None

    @property
    def is_fate2(self) -> bool:
        return self.name == "2.x"

    def egg_names(self, count: int) -> list[str]:
        return [self.egg_name.format(j) for j in range(count)]

    def image_kinds(self) -> str:
        """``FATE, mysql or redis`` / ``FATE or mysql``: how reports name the line's images."""
        kinds = ["FATE"] + sorted(self.third_party_images)
        return ", ".join(kinds[:-1]) + " or " + kinds[-1]


LINE_1 = LineFacts(
    name="1.x",
    versions=("1.2.0", "1.3.0"),
    proxy="proxy",
    proxy_port=PROXY_PORT,
    proxy_config="proxy-config",
    party_services={k: v for k, v in SERVICE_PORTS.items() if k != "proxy"},
    egg_name="egg{}",
    egg_service_ports=EGG_PORTS,
    egg_port=EGG_PORTS[0],
    deliver={"fate": ("federation", FEDERATION_PORT), "fateflow": ("fateflow", FATEFLOW_GRPC_PORT)},
    credential_keys=CREDENTIAL_KEYS,
    fate_images=dict.fromkeys(("egg", "federation", "meta-service", "proxy", "roll", "python", "fateboard")),
    third_party_images={"mysql": "mysqlTag", "redis": "redisTag"},
    targets=None,
    dmz=True,
    exact_images_txt=False,
)

LINE_2 = LineFacts(
    name="2.x",
    versions=("2.2.0",),
    proxy="osx",
    proxy_port=OSX_PORT,
    proxy_config="osx-config",
    party_services={k: v for k, v in SERVICE_PORTS_2.items() if k != "osx"},
    egg_name="nodemanager-{}",
    egg_service_ports=None,
    egg_port=NODEMANAGER_PORT,
    deliver={"fateflow": ("fateflow", FATEFLOW_GRPC_PORT)},
    credential_keys=CREDENTIAL_KEYS_2,
    fate_images=dict(RELEASE_TAGS_2),
    third_party_images={"mysql": "mysqlTag"},
    targets=("helm3",),
    dmz=False,
    exact_images_txt=True,
    tls=OSX_TLS,
)

LINES = {LINE_1.name: LINE_1, LINE_2.name: LINE_2}
#: Every fateVersion the checker knows, and its line.
FATE_VERSIONS = {v: line.name for line in LINES.values() for v in line.versions}


def line_of_version(fate_version: Any) -> LineFacts | None:
    """The line of a ``fateVersion`` (absent: 1.2.0, so 1.x); None for an unknown version."""
    name = FATE_VERSIONS.get(str(fate_version or "1.2.0"))
    return LINES[name] if name else None


def line_facts(holder: dict[str, Any] | None) -> LineFacts:
    """The line of a normalised config, party, exchange or images dict (no ``line``: 1.x)."""
    name = (holder or {}).get("line") if isinstance(holder, dict) else None
    return LINES.get(str(name), LINE_1) if name else LINE_1


def tls_facts(holder: dict[str, Any] | None) -> TlsFacts | None:
    """The TLS facts when a normalised config, party or exchange has TLS on (``tls``, written by
    ``config.normalize_config``), else None (TLS off, or a line without TLS)."""
    if not isinstance(holder, dict):
        return None
    on = holder.get("tls")
    if isinstance(on, dict):
        on = on.get("enabled")
    return line_facts(holder).tls if on is True else None
