"""python compose-service-conf.py TEMPLATE OUTPUT: the ConfigMap's service_conf.yaml with
fateflow.host from $POD_IP and database.mysql.passwd from $MYSQL_PASSWORD, written 0600."""
import os
import sys

import yaml

template, output = sys.argv[1], sys.argv[2]
with open(template, encoding="utf-8") as fh:
    conf = yaml.safe_load(fh)
conf["fateflow"]["host"] = os.environ["POD_IP"]
conf["database"]["mysql"]["passwd"] = os.environ["MYSQL_PASSWORD"]
fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.fchmod(fd, 0o600)
with os.fdopen(fd, "w", encoding="utf-8") as fh:
    yaml.safe_dump(conf, fh, default_flow_style=False, sort_keys=False)
