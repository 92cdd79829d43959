"""Numbers and names FATE 1.2/1.3 and the chart values contract fix, shared by several checks.

FATE's components find each other by Service name and fixed port (section 9 of the FATE 1.2
reference); the proxy reads its configuration from a fixed directory; charts take the three
database/cache passwords from ``credentials`` in values.yaml (charts/README.md).
"""

from __future__ import annotations

PROXY_PORT = 9370
FEDERATION_PORT = 9394
FATEFLOW_GRPC_PORT = 9360
FATEFLOW_HTTP_PORT = 9380
PROXY_CONF_DIR = "/data/projects/fate/proxy/conf"

#: Ports each FATE Service must expose (section 9 of the reference).
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

#: The passwords a chart takes from ``credentials`` in values.yaml.
CREDENTIAL_KEYS = ("mysqlRootPassword", "mysqlPassword", "redisPassword")
