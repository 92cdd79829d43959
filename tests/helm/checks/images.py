"""Container images: the registry rule and pinned tags of the config, pull policy and pull secrets,
and images.txt (what mirror-images.sh mirrors) listing every image the bundle uses.

With a registry every image is ``<registry>/<name>:<tag>``; without one FATE images are
``federatedai/<name>:<tag>`` and the line's third-party images (1.x: mysql and redis; 2.x:
mysql) come from Docker Hub as ``<name>:<tag>``. Which names and tags a line has is in
``contract.LineFacts`` (the ``images`` dict of the config names its line): 1.x FATE images all
take ``images.tag``; 2.x ones take ``images.tag`` when given, else their release's own tag.
"""

from __future__ import annotations

from typing import Any, Iterable

from .contract import LINE_1, line_facts
from .objects import containers_of, pod_templates


#: FATE 1.x images (``<registry>/<name>:<tag>`` or ``federatedai/<name>:<tag>``).
FATE_IMAGES = frozenset(LINE_1.fate_images)
#: FATE 1.x third-party images (``<registry>/<name>:<tag>`` or Docker Hub ``<name>:<tag>``).
THIRD_PARTY_IMAGES = frozenset(LINE_1.third_party_images)


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
    """The configured tag of an image: its third-party tag (mysqlTag, redisTag), or the FATE tag
    (2.x without ``images.tag``: the image's release tag)."""
    line = line_facts(images)
    if name in line.third_party_images:
        return images[line.third_party_images[name]]
    return images["tag"] or line.fate_images.get(name) or ""


def expected_image(name: str, images: dict[str, Any]) -> str:
    """The image reference the registry rule gives ``name`` under the config's ``images``."""
    reg = images.get("registry") or ""
    tag = expected_tag(name, images)
    if reg:
        return f"{reg}/{name}:{tag}"
    if name in line_facts(images).third_party_images:
        return f"{name}:{tag}"
    return f"federatedai/{name}:{tag}"


def expected_images(images: dict[str, Any]) -> list[str]:
    """Every image reference of the line under the config's ``images`` (FATE's and third-party)."""
    line = line_facts(images)
    return sorted(expected_image(n, images) for n in list(line.fate_images) + list(line.third_party_images))


def check_image_ref(image: Any, images: dict[str, Any]) -> str | None:
    """None if ``image`` follows the registry rule and pins the configured tag, else what is wrong."""
    if not isinstance(image, str) or not image:
        return "has no image"
    line = line_facts(images)
    fate_images, third_party = frozenset(line.fate_images), frozenset(line.third_party_images)
    reg = images.get("registry") or ""
    repo, tag, digest = split_image(image)
    if reg:
        if not repo.startswith(reg + "/") or "/" in repo[len(reg) + 1:]:
            return f"image {image!r} is not from the configured registry {reg!r} (expected {reg}/<name>:<tag>)"
        name = repo[len(reg) + 1:]
    elif repo.startswith("federatedai/") and "/" not in repo[len("federatedai/"):]:
        name = repo[len("federatedai/"):]
        if name in third_party:
            return f"image {image!r}: with no registry, {name} comes from Docker Hub as {expected_image(name, images)}"
    elif repo in third_party:
        name = repo
    else:
        return (f"image {image!r}: with no registry, FATE images are federatedai/<name>:<tag> and "
                f"{'/'.join(sorted(third_party))} {'are' if len(third_party) > 1 else 'is'} "
                f"{'/'.join(f'{n}:<tag>' for n in sorted(third_party))}")
    if name not in fate_images and name not in third_party:
        return f"image {image!r}: {name!r} is not a {line.image_kinds()} image"
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


def check_images_txt(text: str, used: Iterable[str], exact: bool = False) -> list[str]:
    """images.txt (what mirror-images.sh mirrors) names every image the bundle uses.

    By default (the 1.x rule) an image counts as listed by its ``name:tag``. With ``exact`` (the
    2.x rule, ``LineFacts.exact_images_txt``) images.txt lists exactly the used references:
    each in full, once, and nothing the bundle does not run.
    """
    words = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        words += line.split()
    if exact:
        used_set = set(used)
        problems = [f"images.txt does not list {img} (used by the bundle)" for img in sorted(used_set - set(words))]
        problems += [f"images.txt lists {img}, which no container of the bundle runs"
                     for img in sorted(set(words) - used_set)]
        problems += [f"images.txt lists {img} more than once" for img in sorted({w for w in words if words.count(w) > 1})]
        return problems
    listed = {word.rsplit("/", 1)[-1] for word in words}
    return [f"images.txt does not list {img} (used by the bundle)"
            for img in sorted(set(used)) if img.rsplit("/", 1)[-1] not in listed]
