//! The federation as an SVG diagram: parties, the exchange, the routes between them and DMZ
//! proxies, with the addresses and NodePorts peers use.
//!
//! Pure and deterministic: the same federation gives the same bytes on every platform (the web
//! page and the CLI), so the file can go into the zip. Positions use only `+ - * /` and `sqrt`,
//! which IEEE 754 defines exactly, and are rounded to whole pixels.
//!
//! Layouts:
//! - up to [`CIRCLE_MAX`] parties: the parties on an ellipse around the exchange, one spoke per
//!   route; without an exchange (mesh) a chord between every pair of proxies;
//! - more parties: rows of [`ROW_COLUMNS`] parties under the exchange, each row on a shared bus
//!   line, a narrow list that stays legible at its own size in a page's column (it grows
//!   downwards, not sideways). In a mesh the bus stands for the `n·(n−1)/2` direct links, which
//!   the diagram names instead of drawing.
//!
//! Two parties behind an exchange sit under it, left and right, so the common federation fits a
//! column about 500 px wide at its own size (12 px text).
//!
//! Each party's box carries `data-party="<index in the document>"`, so a page showing the
//! diagram can take a click on a party to its form.
//!
//! A party whose proxy runs in a DMZ gets a DMZ box between it and the network: routes end at the
//! DMZ proxy, which reaches the party's federation and fate_flow through fixed NodePorts.
//!
//! With mutual TLS (FATE 2.2, `tls.enabled`) every route is drawn as a TLS link (class
//! `topo-tls`, green), each OSX box and each spoke to the exchange carries a lock (`topo-lock`),
//! and a legend under the drawing says what the lock means. Styling is by presentation
//! attributes and classes only (no `style`), so the page's Content-Security-Policy allows it and
//! its stylesheet can restyle the classes.

use std::fmt::Write as _;

use crate::generator::federation::{Federation, PartyPlan};
use crate::generator::names;

/// Largest federation drawn on an ellipse; larger ones are drawn in rows.
pub const CIRCLE_MAX: usize = 12;

/// Parties per row in the row layout: two keep the drawing about 500 px wide.
pub const ROW_COLUMNS: usize = 2;

const BOX_W: i64 = 184;
const PARTY_H: i64 = 58;
const DMZ_H: i64 = 54;
const EXCHANGE_W: i64 = 200;
const EXCHANGE_H: i64 = 58;
const MARGIN: i64 = 24;
const TITLE_H: i64 = 34;
/// Narrowest canvas: room for the heading and the TLS legend (and still under the ~600 px of a
/// page's output column).
const MIN_WIDTH: i64 = 580;
const LINE_H: i64 = 16;
/// Approximate advance of one character at the 12px monospace size the labels use.
const CHAR_W: f64 = 7.3;

const FONT: &str = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";

/// Colours (presentation attributes, so the file stands alone; a page may restyle the classes).
const LINK: &str = "#64748b";
const TEXT: &str = "#0f172a";
const MUTED: &str = "#475569";
/// Mutual TLS links and locks.
const TLS: &str = "#15803d";

/// Height of the mutual TLS legend under the drawing.
const LEGEND_H: i64 = LINE_H + 8;

/// Draws the federation as a standalone SVG document.
pub fn topology_svg(federation: &Federation) -> String {
    let nodes = Nodes::layout(federation);
    let tls = federation.tls.is_some();
    let mut svg = Svg {
        tls,
        ..Svg::default()
    };
    let n = federation.parties.len();
    let summary = format!(
        "FATE {} federation: {} part{}, {}{}",
        federation.fate_version.as_str(),
        n,
        if n == 1 { "y" } else { "ies" },
        if federation.exchange.is_some() {
            "routed by the exchange"
        } else {
            "mesh (every party routes every other party directly)"
        },
        if tls { ", mutual TLS" } else { "" }
    );
    let height = nodes.height + if tls { LEGEND_H } else { 0 };
    let _ = write!(
        svg.out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"topo\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"topo-title\" font-family=\"{FONT}\" \
         font-size=\"12\">\n<title id=\"topo-title\">{title}</title>\n",
        w = nodes.width,
        h = height,
        title = escape(&summary),
    );
    svg.text(
        MARGIN,
        MARGIN + 6,
        "topo-heading",
        TEXT,
        "bold",
        "start",
        &fit(&summary, nodes.width - 2 * MARGIN),
    );

    svg.out.push_str("<g class=\"topo-links\">\n");
    nodes.links(&mut svg);
    svg.out.push_str("</g>\n");
    if tls {
        nodes.spoke_locks(&mut svg);
    }

    if let (Some(exchange), Some(at)) = (&federation.exchange, nodes.exchange) {
        svg.node(
            at,
            EXCHANGE_W,
            EXCHANGE_H,
            ("topo-exchange", None),
            ("#fef3c7", "#b45309"),
            &[
                "exchange".to_owned(),
                names::host_port(&exchange.address, exchange.node_port),
                format!("ns {}", exchange.namespace),
            ],
        );
    }
    for (index, (party, placed)) in federation.parties.iter().zip(&nodes.parties).enumerate() {
        party_node(&mut svg, index, party, placed);
    }
    if let Some(note) = &nodes.note {
        svg.text(
            MARGIN,
            nodes.height - MARGIN / 2 - 4,
            "topo-note",
            MUTED,
            "normal",
            "start",
            &fit(note, nodes.width - 2 * MARGIN),
        );
    }
    if tls {
        legend(&mut svg, height - MARGIN / 2 - 8, nodes.width);
    }
    svg.out.push_str("</svg>\n");
    svg.out
}

/// What the lock means, on one line under the drawing (baseline at `y`).
fn legend(svg: &mut Svg, y: i64, width: i64) {
    svg.out.push_str("<g class=\"topo-legend\">\n");
    svg.lock((MARGIN + 9, y - 4));
    svg.text(
        MARGIN + 24,
        y,
        "topo-note topo-legend-text",
        MUTED,
        "normal",
        "start",
        &fit(
            "mutual TLS on every route: certificates of the federation authority",
            width - 2 * MARGIN - 24,
        ),
    );
    svg.out.push_str("</g>\n");
}

/// The boxes of the party at `index` in the document (and of its DMZ proxy).
fn party_node(svg: &mut Svg, index: usize, party: &PartyPlan, placed: &Placed) {
    let reach = match (&party.dmz(), party.node_port()) {
        (Some(_), _) => format!("node {}", names::unbracketed(&party.address)),
        (None, Some(port)) => names::host_port(&party.address, port),
        (None, None) => names::unbracketed(&party.address).to_owned(),
    };
    svg.node(
        placed.party,
        BOX_W,
        PARTY_H,
        ("topo-party", Some(index)),
        ("#dbeafe", "#1d4ed8"),
        &[
            format!("party {}", party.id),
            reach,
            format!("ns {}", party.namespace),
        ],
    );
    if let (Some(dmz), Some(at)) = (&party.dmz(), placed.dmz) {
        svg.node(
            at,
            BOX_W,
            DMZ_H,
            ("topo-dmz", Some(index)),
            ("#fce7f3", "#be185d"),
            &[
                format!("DMZ proxy of {}", party.id),
                names::host_port(&dmz.host, dmz.port),
                format!(
                    "NodePorts {} / {}",
                    dmz.federation_node_port, dmz.fateflow_node_port
                ),
            ],
        );
    }
}

/// A point in whole pixels.
type Point = (i64, i64);

/// Where one party (and its DMZ proxy) is drawn.
struct Placed {
    party: Point,
    dmz: Option<Point>,
}

impl Placed {
    /// Where routes to this party end: its proxy.
    fn proxy(&self) -> Point {
        self.dmz.unwrap_or(self.party)
    }
}

/// Every box position, the canvas size and the links to draw.
struct Nodes {
    width: i64,
    height: i64,
    exchange: Option<Point>,
    parties: Vec<Placed>,
    /// Bus lines of the row layout (polyline segments).
    buses: Vec<(Point, Point)>,
    /// The row layout draws its buses dashed for a mesh.
    mesh_bus: bool,
    /// A remark under the drawing.
    note: Option<String>,
}

impl Nodes {
    fn layout(federation: &Federation) -> Nodes {
        if federation.parties.len() <= CIRCLE_MAX {
            Nodes::ellipse(federation)
        } else {
            Nodes::rows(federation)
        }
    }

    /// Parties on an ellipse around the centre (the exchange, if any), then the drawing is moved
    /// and the canvas sized to fit the boxes.
    fn ellipse(federation: &Federation) -> Nodes {
        let n = federation.parties.len();
        let any_dmz = federation.parties.iter().any(|p| p.dmz().is_some());
        let count = n as f64;
        // Two parties sit left and right of the centre: just far enough apart for the boxes.
        let rx_min = match (n, federation.exchange.is_some()) {
            (2, true) => (BOX_W / 2 + 24) as f64,
            (2, false) => 150.0,
            _ => 300.0,
        };
        let (mut rx, mut ry) = (rx_min.max(count * 40.0), 160.0_f64.max(count * 25.0));
        // Two parties sit left and right (under the exchange, if any); otherwise the first is
        // at the top.
        let start = if n == 2 { 0.5 } else { -0.25 };
        let below = if n == 2 && federation.exchange.is_some() {
            EXCHANGE_H / 2 + 64 + PARTY_H / 2 + if any_dmz { DMZ_H + 40 } else { 0 }
        } else {
            0
        };
        if any_dmz && below == 0 {
            rx += 200.0;
            ry += 80.0;
        }
        let centre = (0, 0);
        let mut parties: Vec<Placed> = (0..n)
            .map(|i| {
                let turns = start + i as f64 / count.max(1.0);
                let (sin, cos) = sin_cos(turns);
                let party = (round(rx * cos), round(ry * sin) + below);
                let gap = (PARTY_H + DMZ_H) / 2 + 22;
                let dmz = federation.parties[i].dmz().map(|_| {
                    if below > 0 {
                        // Straight above its party, under the exchange.
                        (party.0, party.1 - gap)
                    } else {
                        towards(party, centre, BOX_W + 28, gap)
                    }
                });
                Placed { party, dmz }
            })
            .collect();
        let mut exchange = federation.exchange.as_ref().map(|_| centre);

        // Bounding box of every box drawn.
        let mut boxes: Vec<(Point, i64, i64)> = exchange
            .iter()
            .map(|at| (*at, EXCHANGE_W, EXCHANGE_H))
            .collect();
        for placed in &parties {
            boxes.push((placed.party, BOX_W, PARTY_H));
            if let Some(at) = placed.dmz {
                boxes.push((at, BOX_W, DMZ_H));
            }
        }
        let min_x = boxes.iter().map(|(p, w, _)| p.0 - w / 2).min().unwrap_or(0);
        let max_x = boxes.iter().map(|(p, w, _)| p.0 + w / 2).max().unwrap_or(0);
        let min_y = boxes.iter().map(|(p, _, h)| p.1 - h / 2).min().unwrap_or(0);
        let max_y = boxes.iter().map(|(p, _, h)| p.1 + h / 2).max().unwrap_or(0);
        let note = match (&federation.exchange, n) {
            (None, 2..) => {
                let links = n * (n - 1) / 2;
                Some(format!(
                    "mesh: {links} direct link{} between the parties' proxies",
                    if links == 1 { "" } else { "s" }
                ))
            }
            _ => None,
        };
        let drawing_w = max_x - min_x;
        let width = (drawing_w + 2 * MARGIN).max(MIN_WIDTH);
        let dx = (width - drawing_w) / 2 - min_x;
        let dy = TITLE_H + MARGIN - min_y;
        let shift = |p: Point| (p.0 + dx, p.1 + dy);
        for placed in &mut parties {
            placed.party = shift(placed.party);
            placed.dmz = placed.dmz.map(shift);
        }
        exchange = exchange.map(shift);
        let height = max_y - min_y + TITLE_H + 2 * MARGIN + if note.is_some() { LINE_H } else { 0 };
        Nodes {
            width,
            height,
            exchange,
            parties,
            buses: Vec::new(),
            mesh_bus: false,
            note,
        }
    }

    /// The exchange on top, then rows of parties, each row on a bus joined to a trunk.
    fn rows(federation: &Federation) -> Nodes {
        let n = federation.parties.len();
        let any_dmz = federation.parties.iter().any(|p| p.dmz().is_some());
        let columns = ROW_COLUMNS.min(n.max(1));
        let slot_w = BOX_W + 28;
        let width = (columns as i64 * slot_w + 2 * MARGIN + 24).max(MIN_WIDTH);
        let top = TITLE_H + MARGIN;
        let exchange_y = top + EXCHANGE_H / 2;
        let first_bus = top + EXCHANGE_H + 28;
        let dmz_band = if any_dmz { DMZ_H + 24 } else { 0 };
        let row_h = 24 + dmz_band + PARTY_H + 28;
        let rows = n.div_ceil(columns) as i64;
        let trunk_x = MARGIN + 8;
        let column_x = |c: usize| MARGIN + 24 + c as i64 * slot_w + slot_w / 2;
        let mut parties = Vec::with_capacity(n);
        let mut buses = Vec::new();
        for row in 0..rows {
            let bus_y = first_bus + row * row_h;
            let in_row = (n - row as usize * columns).min(columns);
            buses.push((
                (trunk_x, bus_y),
                (column_x(in_row - 1).max(width / 2), bus_y),
            ));
            for c in 0..in_row {
                let x = column_x(c);
                let dmz = federation.parties[row as usize * columns + c]
                    .dmz()
                    .map(|_| (x, bus_y + 24 + DMZ_H / 2));
                let party = (x, bus_y + 24 + dmz_band + PARTY_H / 2);
                parties.push(Placed { party, dmz });
            }
        }
        let last_bus = first_bus + (rows - 1) * row_h;
        buses.push(((trunk_x, first_bus), (trunk_x, last_bus)));
        let exchange = federation
            .exchange
            .as_ref()
            .map(|_| (width / 2, exchange_y));
        if let Some(at) = exchange {
            buses.push(((at.0, at.1), (at.0, first_bus)));
        }
        let note = match federation.exchange {
            Some(_) => format!("the exchange routes all {n} parties"),
            None => format!(
                "mesh: every party routes every other party directly ({} links, drawn as one dashed bus)",
                n * (n - 1) / 2
            ),
        };
        Nodes {
            width,
            height: first_bus + rows * row_h + MARGIN,
            exchange,
            parties,
            buses,
            mesh_bus: federation.exchange.is_none(),
            note: Some(note),
        }
    }

    /// A lock in the middle of each spoke to the exchange (the circle layout; the other layouts
    /// have the locks on the boxes only).
    fn spoke_locks(&self, svg: &mut Svg) {
        let Some(centre) = self.exchange.filter(|_| self.buses.is_empty()) else {
            return;
        };
        for placed in &self.parties {
            let end = placed.proxy();
            svg.lock(((centre.0 + end.0) / 2, (centre.1 + end.1) / 2));
        }
    }

    fn links(&self, svg: &mut Svg) {
        let dash = if self.mesh_bus {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        for (a, b) in &self.buses {
            svg.line(*a, *b, "topo-route", dash);
        }
        if self.buses.is_empty() {
            match self.exchange {
                Some(centre) => {
                    for placed in &self.parties {
                        svg.line(centre, placed.proxy(), "topo-route", "");
                    }
                }
                None => {
                    for (i, a) in self.parties.iter().enumerate() {
                        for b in &self.parties[i + 1..] {
                            svg.line(a.proxy(), b.proxy(), "topo-route topo-peer", "");
                        }
                    }
                }
            }
        } else {
            for placed in &self.parties {
                let (x, y) = placed.proxy();
                let half = if placed.dmz.is_some() {
                    DMZ_H / 2
                } else {
                    PARTY_H / 2
                };
                svg.line((x, y - half - 24), (x, y), "topo-route", dash);
            }
        }
        for placed in &self.parties {
            if let Some(dmz) = placed.dmz {
                svg.line(
                    dmz,
                    placed.party,
                    "topo-dmz-link",
                    " stroke-dasharray=\"3 3\"",
                );
            }
        }
    }
}

/// Moves from `from` towards `to` just far enough that a box of `w` (horizontal gap) or `h`
/// (vertical gap) fits between.
fn towards(from: Point, to: Point, w: i64, h: i64) -> Point {
    let dx = (to.0 - from.0) as f64;
    let dy = (to.1 - from.1) as f64;
    let length = (dx * dx + dy * dy).sqrt();
    if length < 1.0 {
        return (from.0, from.1 - h);
    }
    let (ux, uy) = (dx / length, dy / length);
    let along_x = if ux.abs() > 1e-9 {
        w as f64 / ux.abs()
    } else {
        f64::MAX
    };
    let along_y = if uy.abs() > 1e-9 {
        h as f64 / uy.abs()
    } else {
        f64::MAX
    };
    let t = along_x.min(along_y).min(length * 0.6);
    (from.0 + round(ux * t), from.1 + round(uy * t))
}

/// Rounds to the nearest whole pixel (halves up).
fn round(value: f64) -> i64 {
    (value + 0.5).floor() as i64
}

/// Sine and cosine of an angle given in turns, from a Taylor series: only `+ - * /`, so the
/// result is bit-identical on every platform (unlike the platform's `sin`).
fn sin_cos(turns: f64) -> (f64, f64) {
    let reduced = turns - (turns + 0.5).floor(); // in [-0.5, 0.5)
    let x = reduced * 2.0 * std::f64::consts::PI;
    let sin = taylor(x, 1);
    let cos = taylor(x, 0);
    (sin, cos)
}

/// `Σ (-1)^k x^(2k+first) / (2k+first)!` for |x| ≤ π, to well below a pixel.
fn taylor(x: f64, first: u32) -> f64 {
    let mut term = if first == 1 { x } else { 1.0 };
    let mut sum = term;
    let mut k = first;
    for _ in 0..14 {
        term *= -(x * x) / (f64::from(k + 1) * f64::from(k + 2));
        sum += term;
        k += 2;
    }
    sum
}

/// Shortens `text` with an ellipsis so it fits `width` pixels.
fn fit(text: &str, width: i64) -> String {
    let max = ((width as f64 / CHAR_W) as usize).max(4);
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(max - 1).collect();
        short.push('…');
        short
    }
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[derive(Default)]
struct Svg {
    out: String,
    /// Routes are mutual TLS links and OSX boxes get a lock.
    tls: bool,
}

impl Svg {
    fn line(&mut self, a: Point, b: Point, class: &str, extra: &str) {
        let (class, stroke, width) = if self.tls && class.starts_with("topo-route") {
            (format!("{class} topo-tls"), TLS, "2")
        } else {
            (class.to_owned(), LINK, "1.5")
        };
        let _ = writeln!(
            self.out,
            "<line class=\"{class}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{extra}/>",
            a.0, a.1, b.0, b.1
        );
    }

    /// A padlock centred on `at`, on a round backdrop so it reads on top of a line or a box.
    fn lock(&mut self, at: Point) {
        let _ = writeln!(
            self.out,
            "<g class=\"topo-lock\" transform=\"translate({} {})\"><title>mutual TLS</title>\
             <circle class=\"topo-lock-bg\" r=\"9\" fill=\"#ffffff\" stroke=\"{TLS}\" stroke-width=\"1\"/>\
             <path class=\"topo-lock-shackle\" d=\"M-3 -1V-3.5a3 3 0 0 1 6 0V-1\" fill=\"none\" stroke=\"{TLS}\" stroke-width=\"1.6\"/>\
             <rect class=\"topo-lock-body\" x=\"-4.5\" y=\"-1\" width=\"9\" height=\"6.5\" rx=\"1.2\" fill=\"{TLS}\"/></g>",
            at.0, at.1
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        x: i64,
        y: i64,
        class: &str,
        fill: &str,
        weight: &str,
        anchor: &str,
        text: &str,
    ) {
        let _ = writeln!(
            self.out,
            "<text class=\"{class}\" x=\"{x}\" y=\"{y}\" fill=\"{fill}\" font-weight=\"{weight}\" text-anchor=\"{anchor}\">{}</text>",
            escape(text)
        );
    }

    /// A box centred on `at` with up to three lines; the first is bold. The full texts are in
    /// the box's `<title>` (a tooltip) when a line had to be shortened. A party's boxes carry
    /// its index in the document (`data-party`).
    fn node(
        &mut self,
        at: Point,
        w: i64,
        h: i64,
        (class, party): (&str, Option<usize>),
        (fill, stroke): (&str, &str),
        lines: &[String],
    ) {
        let (x, y) = (at.0 - w / 2, at.1 - h / 2);
        let data = party
            .map(|index| format!(" data-party=\"{index}\""))
            .unwrap_or_default();
        let _ = writeln!(
            self.out,
            "<g class=\"{class}\"{data}>\n<title>{}</title>\n<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>",
            escape(&lines.join("\n"))
        );
        if self.tls && class != "topo-dmz" {
            // The OSX in this box speaks only TLS to its peers.
            self.lock((at.0 + w / 2 - 12, at.1 - h / 2));
        }
        let first = at.1 - (lines.len() as i64 - 1) * LINE_H / 2 + 4;
        for (i, line) in lines.iter().enumerate() {
            let (class, colour, weight) = if i == 0 {
                ("topo-label", TEXT, "bold")
            } else {
                ("topo-detail", MUTED, "normal")
            };
            self.text(
                at.0,
                first + i as i64 * LINE_H,
                class,
                colour,
                weight,
                "middle",
                &fit(line, w - 12),
            );
        }
        self.out.push_str("</g>\n");
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::generator::config::{Config, Dmz, Party};
    use crate::generator::federation::{Federation, RandomError, RandomSource};

    struct Fixed;
    impl RandomSource for Fixed {
        fn fill(&mut self, buf: &mut [u8]) -> Result<(), RandomError> {
            buf.fill(7);
            Ok(())
        }
    }

    fn party(id: usize) -> Party {
        Party {
            id: (10000 + id).to_string(),
            address: format!("10.0.{}.{}", id / 200, id % 200 + 1),
            node_port: Some(30001 + u32::try_from(id).unwrap()),
            namespace: None,
            fateboard_host: None,
            placement: None,
            dmz: None,
        }
    }

    fn federation(n: usize, exchange: bool) -> Federation {
        let mut config = Config::example();
        config.parties = (0..n).map(party).collect();
        if !exchange {
            config.exchange = None;
        }
        Federation::new(&config, &mut Fixed).unwrap()
    }

    /// A small well-formedness check: tags balance, attribute values are quoted and no raw `<`
    /// or `&` appears in text.
    fn assert_xmlish(svg: &str) {
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.trim_end().ends_with("</svg>"));
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        while let Some(open) = rest.find('<') {
            let text = &rest[..open];
            assert!(!text.contains('>'), "stray > in {text:?}");
            if let Some(amp) = text.find('&') {
                let entity = &text[amp..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                        .iter()
                        .any(|e| entity.starts_with(e)),
                    "bare & in {text:?}"
                );
            }
            let close = rest[open..].find('>').expect("unclosed tag") + open;
            let tag = &rest[open + 1..close];
            assert!(!tag.contains('<'), "< inside tag {tag:?}");
            assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes {tag:?}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
            } else if !tag.ends_with('/') {
                let name = tag.split_whitespace().next().unwrap_or_default();
                stack.push(name.to_owned());
            }
            rest = &rest[close + 1..];
        }
        assert!(stack.is_empty(), "unclosed elements {stack:?}");
    }

    #[test]
    fn default_federation_is_well_formed_and_names_everything() {
        let fed = Federation::new(&Config::example(), &mut Fixed).unwrap();
        let svg = topology_svg(&fed);
        assert_xmlish(&svg);
        for text in [
            "party 10000",
            "party 9999",
            "192.168.11.2:30010",
            "192.168.11.3:30009",
            "exchange",
            "192.168.11.4:30000",
            "ns fate-exchange",
        ] {
            assert!(svg.contains(text), "missing {text}");
        }
        // one spoke per party
        assert_eq!(svg.matches("class=\"topo-route\"").count(), 2);
    }

    #[test]
    fn every_size_from_1_to_200_is_well_formed_and_lists_every_party() {
        for n in (1..=20).chain([37, 100, 199, 200]) {
            for exchange in [true, false] {
                let fed = federation(n, exchange);
                let svg = topology_svg(&fed);
                assert_xmlish(&svg);
                for p in &fed.parties {
                    assert!(
                        svg.contains(&format!(">party {}<", p.id)),
                        "n={n}: no party {}",
                        p.id
                    );
                }
            }
        }
    }

    #[test]
    fn boxes_do_not_overlap() {
        for n in [1, 2, 3, 5, 8, 12, 13, 40] {
            for dmz in [false, true] {
                let mut config = Config::example();
                config.parties = (0..n).map(party).collect();
                if dmz {
                    for (i, p) in config.parties.iter_mut().enumerate() {
                        if i % 2 == 0 {
                            p.node_port = None;
                            p.dmz = Some(Dmz {
                                host: format!("203.0.113.{}", i + 1),
                                port: 9370,
                                federation_node_port: 31000 + u32::try_from(i).unwrap() * 2,
                                fateflow_node_port: 31001 + u32::try_from(i).unwrap() * 2,
                            });
                        }
                    }
                }
                let fed = Federation::new(&config, &mut Fixed).unwrap();
                let nodes = Nodes::layout(&fed);
                let mut boxes: Vec<(Point, i64, i64)> = Vec::new();
                if let Some(at) = nodes.exchange {
                    boxes.push((at, EXCHANGE_W, EXCHANGE_H));
                }
                for placed in &nodes.parties {
                    boxes.push((placed.party, BOX_W, PARTY_H));
                    if let Some(at) = placed.dmz {
                        boxes.push((at, BOX_W, DMZ_H));
                    }
                }
                for (i, a) in boxes.iter().enumerate() {
                    assert!(a.0 .0 - a.1 / 2 >= 0 && a.0 .0 + a.1 / 2 <= nodes.width);
                    assert!(a.0 .1 - a.2 / 2 >= TITLE_H && a.0 .1 + a.2 / 2 <= nodes.height);
                    for b in &boxes[i + 1..] {
                        let apart_x = (a.0 .0 - b.0 .0).abs() >= (a.1 + b.1) / 2;
                        let apart_y = (a.0 .1 - b.0 .1).abs() >= (a.2 + b.2) / 2;
                        assert!(apart_x || apart_y, "n={n} dmz={dmz}: {a:?} overlaps {b:?}");
                    }
                }
            }
        }
    }

    /// The width of a drawing, from its root element.
    fn width(svg: &str) -> i64 {
        let at = svg.find(" width=\"").unwrap() + 8;
        svg[at..at + svg[at..].find('"').unwrap()].parse().unwrap()
    }

    /// Two parties (with an exchange, a mesh, DMZ proxies) and large federations fit a page's
    /// output column of about 600 px at their own size, where the text is 12 px.
    #[test]
    fn common_and_large_federations_fit_a_column_at_their_own_size() {
        let mut with_dmz = Config::example();
        for (i, party) in with_dmz.parties.iter_mut().enumerate() {
            party.node_port = None;
            party.dmz = Some(Dmz {
                host: format!("203.0.113.{}", i + 10),
                port: 9370,
                federation_node_port: 30011 + 2 * u32::try_from(i).unwrap(),
                fateflow_node_port: 30012 + 2 * u32::try_from(i).unwrap(),
            });
        }
        let with_dmz = Federation::new(&with_dmz, &mut Fixed).unwrap();
        for fed in [federation(2, true), federation(2, false), with_dmz]
            .iter()
            .chain(&[
                federation(13, true),
                federation(20, false),
                federation(200, true),
            ])
        {
            let svg = topology_svg(fed);
            assert!(width(&svg) <= 600, "{} wide:\n{svg}", width(&svg));
            assert!(svg.contains("font-size=\"12\""));
        }
    }

    /// Each party's boxes say which party of the document they show.
    #[test]
    fn party_boxes_carry_their_index() {
        let fed = federation(20, true);
        let svg = topology_svg(&fed);
        for i in 0..20 {
            assert_eq!(
                svg.matches(&format!("<g class=\"topo-party\" data-party=\"{i}\">"))
                    .count(),
                1,
                "party {i}"
            );
        }
        assert!(!svg.contains("topo-exchange\" data-party"));
    }

    #[test]
    fn text_is_escaped() {
        let mut fed = Federation::new(&Config::example(), &mut Fixed).unwrap();
        fed.parties[0].namespace = "a<b&c\"d'e>".to_owned();
        fed.parties[1].address = "x&amp;<script>".to_owned();
        let svg = topology_svg(&fed);
        assert_xmlish(&svg);
        assert!(svg.contains("ns a&lt;b&amp;c&quot;d&apos;e&gt;"));
        assert!(svg.contains("x&amp;amp;&lt;script&gt;"));
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn mesh_draws_peer_links_and_dmz_boxes() {
        let mut config = Config::example();
        config.exchange = None;
        config.parties.push(party(3));
        config.parties[1].node_port = None;
        config.parties[1].dmz = Some(Dmz {
            host: "dmz.example.org".to_owned(),
            port: 19370,
            federation_node_port: 30011,
            fateflow_node_port: 30012,
        });
        let fed = Federation::new(&config, &mut Fixed).unwrap();
        let svg = topology_svg(&fed);
        assert_xmlish(&svg);
        assert_eq!(svg.matches("topo-peer").count(), 3);
        assert!(svg.contains("dmz.example.org:19370"));
        assert!(svg.contains("NodePorts 30011 / 30012"));
        assert!(svg.contains("DMZ proxy of 9999"));
        assert!(svg.contains("3 direct links"));
    }

    #[test]
    fn deterministic_and_exact_trigonometry() {
        let fed = federation(7, true);
        assert_eq!(topology_svg(&fed), topology_svg(&fed));
        for i in 0..64 {
            let t = f64::from(i) / 64.0;
            let (s, c) = sin_cos(t);
            let x = t * std::f64::consts::TAU;
            assert!(
                (s - x.sin()).abs() < 1e-9 && (c - x.cos()).abs() < 1e-9,
                "{t}"
            );
        }
    }

    /// A FATE 2.2 federation of `n` parties with mutual TLS (certificates issued with the
    /// system clock).
    fn tls_federation(n: usize, exchange: bool) -> Federation {
        let mut config = Config::example();
        config.fate_version = crate::generator::config::FateVersion::V2_2_0;
        config.tls.enabled = true;
        config.parties = (0..n).map(party).collect();
        if !exchange {
            config.exchange = None;
        }
        Federation::new(&config, &mut crate::generator::federation::OsRandom).unwrap()
    }

    #[test]
    fn without_tls_nothing_is_marked() {
        for fed in [
            federation(2, true),
            federation(3, false),
            federation(20, true),
        ] {
            let svg = topology_svg(&fed);
            for mark in ["topo-tls", "topo-lock", "topo-legend", "mutual TLS"] {
                assert!(!svg.contains(mark), "{mark} without TLS");
            }
        }
    }

    #[test]
    fn tls_links_boxes_and_legend_are_marked() {
        // Star: two spokes, each a TLS link with a lock; a lock on each OSX box; the legend.
        let fed = tls_federation(2, true);
        let svg = topology_svg(&fed);
        assert_xmlish(&svg);
        assert_eq!(
            svg.matches("class=\"topo-route topo-tls\"").count(),
            2,
            "{svg}"
        );
        assert_eq!(svg.matches("class=\"topo-route\"").count(), 0);
        assert_eq!(svg.matches("<g class=\"topo-lock\"").count(), 2 + 3 + 1);
        assert!(svg.contains("class=\"topo-legend\""));
        assert!(
            svg.contains(">mutual TLS on every route: certificates of the federation authority<")
        );
        assert!(svg.contains("routed by the exchange, mutual TLS</title>"));
        assert!(svg.contains(&format!("stroke=\"{TLS}\" stroke-width=\"2\"")));
        // No inline style anywhere (the page's Content-Security-Policy forbids them).
        assert!(!svg.contains("style"));
        // The legend fits: the canvas grew by its height.
        let plain = {
            let mut without = fed.clone();
            without.tls = None;
            topology_svg(&without)
        };
        let height = |svg: &str| -> i64 {
            let at = svg.find(" height=\"").unwrap() + 9;
            svg[at..at + svg[at..].find('"').unwrap()].parse().unwrap()
        };
        assert_eq!(height(&svg), height(&plain) + LEGEND_H);
        assert_eq!(topology_svg(&fed), svg, "deterministic");

        // Mesh: every chord is a TLS link; locks on the boxes and the legend only.
        let svg = topology_svg(&tls_federation(3, false));
        assert_xmlish(&svg);
        assert_eq!(svg.matches("topo-route topo-peer topo-tls").count(), 3);
        assert_eq!(svg.matches("<g class=\"topo-lock\"").count(), 3 + 1);

        // Rows: every bus and drop line is a TLS link.
        let fed = tls_federation(CIRCLE_MAX + 1, true);
        let svg = topology_svg(&fed);
        assert_xmlish(&svg);
        let routes = svg.matches("class=\"topo-route").count();
        assert!(routes > CIRCLE_MAX);
        assert_eq!(svg.matches("topo-tls").count(), routes);
        assert_eq!(
            svg.matches("<g class=\"topo-lock\"").count(),
            CIRCLE_MAX + 1 + 1 + 1
        );
    }

    #[test]
    fn long_labels_are_shortened_but_kept_in_the_tooltip() {
        let mut fed = Federation::new(&Config::example(), &mut Fixed).unwrap();
        let long = format!("{}.example.org", "a".repeat(60));
        fed.parties[0].address = long.clone();
        let svg = topology_svg(&fed);
        assert!(svg.contains('…'));
        assert!(svg.contains(&long));
    }
}
