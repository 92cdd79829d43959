"""Container images: the registry rule and pinned tags of the config, pull policy and pull secrets,
and images.txt (what mirror-images.sh mirrors) listing every image the bundle uses.

With a registry every image is ``<registry>/<name>:<tag>``; without one FATE images are
``federatedai/<name>:<tag>`` and mysql/redis come from Docker Hub as ``<name>:<tag>``.
"""

from __future__ import annotations

from typing import Any, Iterable

from .objects import containers_of, pod_templates


#: FATE images (``<registry>/<name>:<tag>`` or ``federatedai/<name>:<tag>``).
FATE_IMAGES = frozenset({"egg", "federation", "meta-service", "proxy", "roll", "python", "fateboard"})
#: Third-party images (``<registry>/<name>:<tag>`` or Docker Hub ``<name>:<tag>``).
THIRD_PARTY_IMAGES = frozenset({"mysql", "redis"})


def split_image(image: str) -> tuple[str, str | None, str | None]:
    """``repo[:tag][@digest]`` → (repo, tag, digest)."""
    digest = None
    if "@" in image:
        image, digest = image.split("@", 1)
    last = image.rsplit("/", 1)[-1]
    if ":" in last:
        repo, tag = image.rsplit(":", 1)
        return repo, tag, digest
    return image, None, digest


def expected_tag(name: str, images: dict[str, Any]) -> str:
    """The configured tag of an image: mysqlTag, redisTag, or the FATE tag."""
    if name == "mysql":
        return images["mysqlTag"]
    if name == "redis":
        return images["redisTag"]
    return images["tag"]


def expected_image(name: str, images: dict[str, Any]) -> str:
    """The image reference the registry rule gives ``name`` under the config's ``images``."""
    reg = images.get("registry") or ""
    tag = expected_tag(name, images)
    if reg:
        return f"{reg}/{name}:{tag}"
    if name in THIRD_PARTY_IMAGES:
        return f"{name}:{tag}"
    return f"federatedai/{name}:{tag}"


def check_image_ref(image: Any, images: dict[str, Any]) -> str | None:
    """None if ``image`` follows the registry rule and pins the configured tag, else what is wrong."""
    if not isinstance(image, str) or not image:
        return "has no image"
    reg = images.get("registry") or ""
    repo, tag, digest = split_image(image)
    if reg:
        if not repo.startswith(reg + "/") or "/" in repo[len(reg) + 1:]:
            return f"image {image!r} is not from the configured registry {reg!r} (expected {reg}/<name>:<tag>)"
        name = repo[len(reg) + 1:]
    elif repo.startswith("federatedai/") and "/" not in repo[len("federatedai/"):]:
        name = repo[len("federatedai/"):]
        if name in THIRD_PARTY_IMAGES:
            return f"image {image!r}: with no registry, {name} comes from Docker Hub as {expected_image(name, images)}"
    elif repo in THIRD_PARTY_IMAGES:
        name = repo
    else:
        return (f"image {image!r}: with no registry, FATE images are federatedai/<name>:<tag> and "
                f"mysql/redis are mysql:<tag>/redis:<tag>")
    if name not in FATE_IMAGES and name not in THIRD_PARTY_IMAGES:
        return f"image {image!r}: {name!r} is not a FATE, mysql or redis image"
    if digest is not None:
        return f"image {image!r} uses a digest; expected {expected_image(name, images)}"
    if not tag:
        return f"image {image!r} has no tag (expected {expected_image(name, images)})"
    if tag == "latest":
        return f"image {image!r} uses the floating tag 'latest' (expected {expected_image(name, images)})"
    if tag != expected_tag(name, images):
        return f"image {image!r} has tag {tag!r}, expected {expected_image(name, images)}"
    return None


def check_images(objects: list[dict[str, Any]], images: dict[str, Any]) -> list[str]:
    """Every container/initContainer image follows the registry rule; pull policy and secrets as configured."""
    problems = []
    policy = images.get("pullPolicy") or "IfNotPresent"
    wanted_secrets = [s for s in images.get("pullSecrets") or [] if s]
    for pod in pod_templates(objects):
        for cpath, c in containers_of(pod.spec):
            bad = check_image_ref(c.get("image"), images)
            if bad:
                problems.append(f"{pod.label}: {cpath}: {bad}")
            got = c.get("imagePullPolicy")
            if got is not None and got != policy:
                problems.append(f"{pod.label}: {cpath}: imagePullPolicy {got!r}, config says {policy!r}")
            elif got is None and policy != "IfNotPresent":
                problems.append(f"{pod.label}: {cpath}: no imagePullPolicy, config says {policy!r}")
        have = {str((r or {}).get("name")) for r in pod.spec.get("imagePullSecrets") or []}
        for s in wanted_secrets:
            if s not in have:
                problems.append(f"{pod.label}: imagePullSecrets lacks the configured pull secret {s!r}")
    return problems


def collect_images(objects: list[dict[str, Any]]) -> set[str]:
    """Every image a container or init container of the objects runs."""
    return {str(c.get("image")) for pod in pod_templates(objects) for _, c in containers_of(pod.spec) if c.get("image")}


def check_images_txt(text: str, used: Iterable[str]) -> list[str]:
    """images.txt (what mirror-images.sh mirrors) names every image the bundle uses (by ``name:tag``)."""
    listed = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        for word in line.split():
            listed.add(word.rsplit("/", 1)[-1])
    return [f"images.txt does not list {img} (used by the bundle)"
            for img in sorted(set(used)) if img.rsplit("/", 1)[-1] not in listed]
