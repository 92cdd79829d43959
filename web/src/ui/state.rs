//! The page's state: one [`State`], one [`Action`] enum and one `impl Reducible`.
//!
//! Pure: no DOM, no storage, no clock. The only effect is drawing passwords from the core's
//! [`OsRandom`] (the OS on native, `crypto.getRandomValues` in the browser), so the reducer is
//! tested natively in `tests/reducer.rs`.
//!
//! Invariants after every action:
//! - every party id in the document has all three passwords in `config.credentials`, and there
//!   are no passwords for ids no party has (so the preview never changes by itself, and the
//!   download is exactly what the CLI makes from the same document and passwords);
//! - `drafts` holds the text of number fields that is not a number (the document keeps its last
//!   number; the text is an error until fixed).

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::rc::Rc;

use yew::Reducible;

use crate::generator::config::{
    Config, Dmz, Exchange, FateVersion, HelmTarget, Party, PartyCredentials, Placement, PullPolicy,
    Storage, VolumeSizes, PROXY_PORT,
};
use crate::generator::federation::{
    generate_password, parse_config, validate, OsRandom, RandomSource, NODE_PORT_RANGE,
};
use crate::generator::share;
use crate::generator::ValidationErrors;

/// How many edits undo remembers.
pub const HISTORY_LIMIT: usize = 100;

/// Key of the autosaved document in `localStorage`.
pub const AUTOSAVE_KEY: &str = "fate-configurator.config.v1";

/// The page's state.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The document being edited, passwords included (in memory only).
    pub config: Rc<Config>,
    /// Field path → text typed into a number field that is not a number.
    pub drafts: Rc<BTreeMap<String, String>>,
    /// A message shown above the form until dismissed.
    pub notice: Option<Notice>,
    /// Increases with every change of `config` or `drafts` (memo and effect key).
    pub revision: u64,
    undo: Vec<Rc<Snapshot>>,
    redo: Vec<Rc<Snapshot>>,
    /// Path of the last `Set`, so a run of keystrokes in one field is one undo step.
    last_edit: Option<String>,
    /// Settings put aside when a section is switched off or changed, restored when it comes back.
    parked: Parked,
}

/// What undo and redo restore.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    config: Rc<Config>,
    drafts: Rc<BTreeMap<String, String>>,
}

/// Values kept while their section is off.
#[derive(Debug, Clone, PartialEq, Default)]
struct Parked {
    exchange: Option<Exchange>,
    storage: BTreeMap<&'static str, Storage>,
}

/// A message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// How it is shown.
    pub kind: NoticeKind,
    /// One line.
    pub title: String,
    /// Details, one per line.
    pub lines: Vec<String>,
}

/// Notice style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Something happened as asked.
    Info,
    /// Something the user should know (e.g. passwords generated anew).
    Warning,
    /// Something failed.
    Error,
}

impl Notice {
    /// A notice without details.
    pub fn new(kind: NoticeKind, title: impl Into<String>) -> Notice {
        Notice {
            kind,
            title: title.into(),
            lines: Vec::new(),
        }
    }

    /// The same notice with detail lines.
    pub fn with_lines(mut self, lines: Vec<String>) -> Notice {
        self.lines = lines;
        self
    }
}

/// Where the first state came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A share link in the URL fragment.
    ShareLink,
    /// The document autosaved in this browser.
    Autosave,
    /// Nothing: the example federation.
    Defaults,
}

/// The three passwords of a party.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialField {
    /// mysql root.
    MysqlRoot,
    /// mysql user `fate`.
    Mysql,
    /// redis.
    Redis,
}

impl CredentialField {
    /// All three, in form order.
    pub const ALL: [CredentialField; 3] = [
        CredentialField::MysqlRoot,
        CredentialField::Mysql,
        CredentialField::Redis,
    ];

    /// Key in the document (`credentials.<id>.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            CredentialField::MysqlRoot => "mysqlRootPassword",
            CredentialField::Mysql => "mysqlPassword",
            CredentialField::Redis => "redisPassword",
        }
    }

    /// Label in the form.
    pub fn label(self) -> &'static str {
        match self {
            CredentialField::MysqlRoot => "mysql root password",
            CredentialField::Mysql => "mysql user fate password",
            CredentialField::Redis => "redis password",
        }
    }

    fn from_key(key: &str) -> Option<CredentialField> {
        CredentialField::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The field of a credentials entry.
    pub fn get(self, credentials: &PartyCredentials) -> Option<&String> {
        match self {
            CredentialField::MysqlRoot => credentials.mysql_root_password.as_ref(),
            CredentialField::Mysql => credentials.mysql_password.as_ref(),
            CredentialField::Redis => credentials.redis_password.as_ref(),
        }
    }

    fn slot(self, credentials: &mut PartyCredentials) -> &mut Option<String> {
        match self {
            CredentialField::MysqlRoot => &mut credentials.mysql_root_password,
            CredentialField::Mysql => &mut credentials.mysql_password,
            CredentialField::Redis => &mut credentials.redis_password,
        }
    }
}

/// The storage choices of the form (`storage.type`).
pub const STORAGE_KINDS: [(&str, &str); 4] = [
    ("none", "None (data lost when a pod is recreated)"),
    ("nfs", "NFS export"),
    ("storageClass", "StorageClass (one claim per component)"),
    ("existingClaim", "Existing claim"),
];

/// The `storage.type` value of a storage setting.
pub fn storage_kind(storage: &Storage) -> &'static str {
    match storage {
        Storage::None => "none",
        Storage::Nfs { .. } => "nfs",
        Storage::StorageClass { .. } => "storageClass",
        Storage::ExistingClaim { .. } => "existingClaim",
    }
}

/// Everything the page can do to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Sets the field at a document path (the same path validation errors use, e.g.
    /// `parties[1].nodePort`, `storage.server`, `credentials.10000.redisPassword`) from the text
    /// of its input. Switches take `true`/`false`; selects take the document's value.
    Set {
        /// Field path.
        path: String,
        /// Input text.
        value: String,
    },
    /// Appends a party with the next id, a free NodePort and an address next to the last one.
    AddParty,
    /// Removes the party at this index.
    RemoveParty(usize),
    /// Moves a party to another position.
    MoveParty {
        /// Current index.
        from: usize,
        /// New index.
        to: usize,
    },
    /// Inserts a copy of the party after it, with a new id, free ports and its own passwords.
    DuplicateParty(usize),
    /// Appends an egg to a placement (`placement` or `parties[i].placement`).
    AddEgg(String),
    /// Removes an egg from a placement.
    RemoveEgg {
        /// `placement` or `parties[i].placement`.
        scope: String,
        /// Egg index.
        index: usize,
    },
    /// Appends an empty image pull secret.
    AddPullSecret,
    /// Removes an image pull secret.
    RemovePullSecret(usize),
    /// New random passwords for one party (by id), or for every party.
    RegenerateCredentials(Option<String>),
    /// Replaces the whole document (import); passwords it lacks are generated.
    Import {
        /// The new document.
        config: Box<Config>,
        /// What to tell the user.
        notice: Notice,
    },
    /// Back to the example federation with new passwords (undo brings the old one back).
    Reset,
    /// Undoes the last change.
    Undo,
    /// Redoes the last undone change.
    Redo,
    /// Shows a notice.
    Notify(Notice),
    /// Hides the notice.
    DismissNotice,
}

impl Default for State {
    fn default() -> Self {
        State::new(Config::example())
    }
}

impl State {
    /// A state editing `config`; missing passwords are generated.
    pub fn new(mut config: Config) -> State {
        ensure_credentials(&mut config);
        State {
            config: Rc::new(config),
            drafts: Rc::default(),
            notice: None,
            revision: 0,
            undo: Vec::new(),
            redo: Vec::new(),
            last_edit: None,
            parked: Parked::default(),
        }
    }

    /// The first state of the page: the share link in `fragment` if there is one, else the
    /// autosaved document, else the example. Passwords are always generated anew (they are never
    /// stored or shared), and a notice says so when a document was restored.
    pub fn load(fragment: &str, autosave: Option<&str>) -> (State, Origin) {
        let mut failure = None;
        if let Some(encoded) = share::from_fragment(fragment) {
            match share::decode(encoded) {
                Ok(config) => {
                    let mut state = State::new(config);
                    let mut lines = vec![
                        "Credentials are never part of a share link: new passwords have been generated for every party.".to_owned(),
                        "If this federation is already installed, set its passwords under Credentials (or import its bundle zip) before you download.".to_owned(),
                    ];
                    // The link replaces what this browser had autosaved; undo brings that back.
                    let previous = autosave.and_then(|text| parse_config(text).ok());
                    if let Some(previous) = previous {
                        if previous != state.config.without_credentials() {
                            let previous = State::new(previous);
                            state.undo.push(previous.snapshot());
                            lines.push("It replaced the configuration autosaved in this browser: Undo (Ctrl+Z) brings that one back.".to_owned());
                        }
                    }
                    state.notice = Some(
                        Notice::new(
                            NoticeKind::Warning,
                            "Configuration opened from a share link",
                        )
                        .with_lines(lines),
                    );
                    return (state, Origin::ShareLink);
                }
                Err(error) => failure = Some(error.to_string()),
            }
        }
        let restored = autosave.and_then(|text| parse_config(text).ok());
        let (mut state, origin) = match restored {
            Some(config) => {
                let mut state = State::new(config.without_credentials());
                state.notice = Some(
                    Notice::new(
                        NoticeKind::Info,
                        "Restored your last configuration from this browser",
                    )
                    .with_lines(vec![
                        "Passwords are never saved, so new ones have been generated.".to_owned(),
                    ]),
                );
                (state, Origin::Autosave)
            }
            None => (State::default(), Origin::Defaults),
        };
        if let Some(error) = failure {
            state.notice = Some(
                Notice::new(NoticeKind::Error, "The share link could not be opened")
                    .with_lines(vec![error]),
            );
        }
        (state, origin)
    }

    /// The text `localStorage` keeps: the document as JSON, **without** passwords.
    pub fn autosave_text(&self) -> String {
        serde_json::to_string(&self.config.without_credentials()).unwrap_or_default()
    }

    /// The share-link encoding of the document (never with passwords).
    pub fn share_encoding(&self) -> String {
        share::encode(&self.config)
    }

    /// A share link to this state on the page at `base`.
    pub fn share_link(&self, base: &str) -> String {
        share::link(base, &self.config)
    }

    /// The document as YAML, without passwords (the "export" download).
    pub fn export_document(&self) -> String {
        let body = serde_yaml::to_string(&self.config.without_credentials()).unwrap_or_default();
        format!(
            "# FATE federation config document, exported from the web configurator.\n\
             # Passwords are not stored here. Re-import it in the configurator or run\n\
             # `fate-chartgen generate federation.yaml -o fate-federation.zip`.\n{body}"
        )
    }

    /// Every problem with the document: the core's checks, plus number fields whose text is
    /// not a number (those replace the core's message for the stale value).
    pub fn errors(&self) -> ValidationErrors {
        let mut errors = validate(&self.config);
        if !self.drafts.is_empty() {
            errors.0.retain(|e| !self.drafts.contains_key(&e.path));
            let mut drafts = ValidationErrors::default();
            for (path, text) in self.drafts.iter() {
                let message = if text.trim().is_empty() {
                    "is empty; give a number".to_owned()
                } else {
                    format!("`{text}` is not a number")
                };
                drafts.push(path.clone(), message);
            }
            drafts.0.append(&mut errors.0);
            errors = drafts;
        }
        errors
    }

    /// True when there is an edit to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is an undone edit to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// What a number field at `path` shows: the draft text, else the document's number.
    pub fn draft(&self, path: &str) -> Option<&str> {
        self.drafts.get(path).map(String::as_str)
    }

    fn snapshot(&self) -> Rc<Snapshot> {
        Rc::new(Snapshot {
            config: self.config.clone(),
            drafts: self.drafts.clone(),
        })
    }

    /// Records the current document for undo before a change.
    fn remember(&mut self, coalesce_with: Option<&str>) {
        let same_field = coalesce_with.is_some() && self.last_edit.as_deref() == coalesce_with;
        if !same_field {
            self.undo.push(self.snapshot());
            if self.undo.len() > HISTORY_LIMIT {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
        self.last_edit = coalesce_with.map(str::to_owned);
    }

    /// Applies an edit of the document: records undo, bumps the revision, keeps the invariants.
    fn edit(&mut self, coalesce_with: Option<&str>, change: impl FnOnce(&mut Config, &mut Parked)) {
        self.remember(coalesce_with);
        let mut config = (*self.config).clone();
        change(&mut config, &mut self.parked);
        ensure_credentials(&mut config);
        self.config = Rc::new(config);
        self.revision += 1;
    }

    fn set(&mut self, path: &str, value: &str) {
        let Some(field) = parse_path(path) else {
            return;
        };
        let mut draft: Option<Option<String>> = None;
        let mut config = (*self.config).clone();
        let before = config.clone();
        match apply(&mut config, &mut self.parked, &field, value) {
            Ok(()) => {
                if self.drafts.contains_key(path) {
                    draft = Some(None);
                }
            }
            Err(SetError::NotANumber) => draft = Some(Some(value.to_owned())),
            Err(SetError::UnknownField) => return,
        }
        if config == before && draft.is_none() {
            return;
        }
        self.remember(Some(path));
        if let Some(text) = draft {
            let mut drafts = (*self.drafts).clone();
            match text {
                Some(text) => drafts.insert(path.to_owned(), text),
                None => drafts.remove(path),
            };
            self.drafts = Rc::new(drafts);
        }
        ensure_credentials(&mut config);
        self.config = Rc::new(config);
        self.revision += 1;
    }

    /// Drafts of number fields at or under these party indexes no longer apply.
    fn clear_drafts_under(&mut self, prefix: &str) {
        if self.drafts.keys().any(|k| k.starts_with(prefix)) {
            let drafts = self
                .drafts
                .iter()
                .filter(|(k, _)| !k.starts_with(prefix))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            self.drafts = Rc::new(drafts);
        }
    }

    fn replace(&mut self, config: Config) {
        self.remember(None);
        let mut config = config;
        ensure_credentials(&mut config);
        self.config = Rc::new(config);
        self.drafts = Rc::default();
        self.revision += 1;
    }

    fn restore(&mut self, snapshot: &Snapshot) {
        self.config = snapshot.config.clone();
        self.drafts = snapshot.drafts.clone();
        self.revision += 1;
        self.last_edit = None;
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = Rc::unwrap_or_clone(self);
        match action {
            Action::Set { path, value } => state.set(&path, &value),
            Action::AddParty => state.edit(None, |config, _| {
                let party = new_party(config);
                config.parties.push(party);
            }),
            Action::RemoveParty(index) => {
                if index < state.config.parties.len() {
                    state.edit(None, |config, _| {
                        config.parties.remove(index);
                    });
                    state.drafts = Rc::default();
                }
            }
            Action::MoveParty { from, to } => {
                let n = state.config.parties.len();
                if from < n && to < n && from != to {
                    state.edit(None, |config, _| {
                        let party = config.parties.remove(from);
                        config.parties.insert(to, party);
                    });
                    state.drafts = Rc::default();
                }
            }
            Action::DuplicateParty(index) => {
                if index < state.config.parties.len() {
                    state.edit(None, |config, _| {
                        let copy = duplicate(config, index);
                        config.parties.insert(index + 1, copy);
                    });
                    state.drafts = Rc::default();
                }
            }
            Action::AddEgg(scope) => {
                if placement_exists(&state.config, &scope) {
                    state.edit(None, |config, _| {
                        if let Some(placement) = placement_mut(config, &scope) {
                            placement.eggs.push(String::new());
                        }
                    });
                }
            }
            Action::RemoveEgg { scope, index } => {
                let exists =
                    placement_ref(&state.config, &scope).is_some_and(|p| index < p.eggs.len());
                if exists {
                    state.edit(None, |config, _| {
                        if let Some(placement) = placement_mut(config, &scope) {
                            placement.eggs.remove(index);
                        }
                    });
                    state.clear_drafts_under(&format!("{scope}.eggs"));
                }
            }
            Action::AddPullSecret => state.edit(None, |config, _| {
                config.images.pull_secrets.push(String::new());
            }),
            Action::RemovePullSecret(index) => {
                if index < state.config.images.pull_secrets.len() {
                    state.edit(None, |config, _| {
                        config.images.pull_secrets.remove(index);
                    });
                }
            }
            Action::RegenerateCredentials(id) => state.edit(None, |config, _| match id {
                Some(id) => {
                    config.credentials.remove(&id);
                }
                None => config.credentials.clear(),
            }),
            Action::Import { config, notice } => {
                state.replace(*config);
                state.notice = Some(notice);
            }
            Action::Reset => {
                state.replace(Config::example());
                state.parked = Parked::default();
                state.notice = Some(
                    Notice::new(NoticeKind::Info, "Reset to the example federation").with_lines(
                        vec!["Undo (Ctrl+Z) brings your configuration back.".to_owned()],
                    ),
                );
            }
            Action::Undo => {
                if let Some(previous) = state.undo.pop() {
                    state.redo.push(state.snapshot());
                    state.restore(&previous);
                }
            }
            Action::Redo => {
                if let Some(next) = state.redo.pop() {
                    state.undo.push(state.snapshot());
                    state.restore(&next);
                }
            }
            Action::Notify(notice) => state.notice = Some(notice),
            Action::DismissNotice => state.notice = None,
        }
        Rc::new(state)
    }
}

/// Gives every party all three passwords and drops passwords of ids no party has.
pub fn ensure_credentials(config: &mut Config) {
    let ids: Vec<String> = config.parties.iter().map(|p| p.id.clone()).collect();
    config.credentials.retain(|id, _| ids.contains(id));
    let mut random = OsRandom;
    for id in ids {
        let entry = config.credentials.entry(id).or_default();
        for field in CredentialField::ALL {
            let slot = field.slot(entry);
            if slot.is_none() {
                *slot = fresh_password(&mut random);
            }
        }
    }
}

fn fresh_password(random: &mut dyn RandomSource) -> Option<String> {
    generate_password(random).ok()
}

/// One segment of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// Splits `parties[1].dmz.port` into `parties`, `1`, `dmz`, `port`. Credentials paths keep the
/// party id as one key (`credentials.10000.redisPassword`).
fn parse_path(path: &str) -> Option<Vec<Segment>> {
    let mut segments = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            segments.push(Segment::Key(name.to_owned()));
        }
        while let Some(stripped) = rest.strip_prefix('[') {
            let close = stripped.find(']')?;
            segments.push(Segment::Index(stripped[..close].parse().ok()?));
            rest = &stripped[close + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(segments)
}

enum SetError {
    NotANumber,
    UnknownField,
}

fn number(value: &str) -> Result<u32, SetError> {
    value.trim().parse().map_err(|_| SetError::NotANumber)
}

fn optional_number(value: &str) -> Result<Option<u32>, SetError> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        number(value).map(Some)
    }
}

fn optional_text(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

fn switch(value: &str) -> bool {
    value == "true"
}

fn apply(
    config: &mut Config,
    parked: &mut Parked,
    path: &[Segment],
    value: &str,
) -> Result<(), SetError> {
    use Segment::{Index as I, Key as K};
    match path {
        [K(root)] if root == "fateVersion" => {
            config.fate_version = match value {
                "1.3.0" => FateVersion::V1_3_0,
                _ => FateVersion::V1_2_0,
            };
        }
        [K(root)] if root == "target" => {
            config.target = match value {
                "helm2" => HelmTarget::Helm2,
                _ => HelmTarget::Helm3,
            };
        }
        [K(root)] if root == "exchange" => {
            if switch(value) {
                if config.exchange.is_none() {
                    let port = free_node_port(config, 30000);
                    config.exchange = Some(parked.exchange.take().unwrap_or(Exchange {
                        address: String::new(),
                        node_port: port,
                        namespace: None,
                        node_label_value: String::new(),
                    }));
                }
            } else if let Some(exchange) = config.exchange.take() {
                parked.exchange = Some(exchange);
            }
        }
        [K(root), K(field)] if root == "exchange" => {
            let Some(exchange) = config.exchange.as_mut() else {
                return Err(SetError::UnknownField);
            };
            match field.as_str() {
                "address" => exchange.address = value.to_owned(),
                "nodePort" => exchange.node_port = number(value)?,
                "namespace" => exchange.namespace = optional_text(value),
                "nodeLabelValue" => exchange.node_label_value = value.to_owned(),
                _ => return Err(SetError::UnknownField),
            }
        }
        [K(root), I(i), rest @ ..] if root == "parties" => {
            let index = *i;
            if index >= config.parties.len() {
                return Err(SetError::UnknownField);
            }
            return apply_party(config, index, rest, value);
        }
        [K(root), K(field)] if root == "images" => {
            let images = &mut config.images;
            match field.as_str() {
                "registry" => images.registry = value.to_owned(),
                "tag" => images.tag = optional_text(value),
                "mysqlTag" => images.mysql_tag = value.to_owned(),
                "redisTag" => images.redis_tag = value.to_owned(),
                "pullPolicy" => {
                    images.pull_policy = match value {
                        "Always" => PullPolicy::Always,
                        "Never" => PullPolicy::Never,
                        _ => PullPolicy::IfNotPresent,
                    }
                }
                _ => return Err(SetError::UnknownField),
            }
        }
        [K(root), K(field), I(i)] if root == "images" && field == "pullSecrets" => {
            match config.images.pull_secrets.get_mut(*i) {
                Some(secret) => *secret = value.to_owned(),
                None => return Err(SetError::UnknownField),
            }
        }
        [K(root), K(field)] if root == "storage" && field == "type" => {
            let current = storage_kind(&config.storage);
            if current != value {
                let old = std::mem::take(&mut config.storage);
                if current != "none" {
                    parked.storage.insert(current, old);
                }
                config.storage = match STORAGE_KINDS.iter().find(|(k, _)| *k == value) {
                    Some((kind, _)) => parked
                        .storage
                        .remove(kind)
                        .unwrap_or_else(|| new_storage(kind)),
                    None => Storage::None,
                };
            }
        }
        [K(root), rest @ ..] if root == "storage" => {
            apply_storage(&mut config.storage, rest, value)?;
        }
        [K(root), rest @ ..] if root == "placement" => {
            apply_placement(&mut config.placement, rest, value)?;
        }
        [K(root), K(field)] if root == "ingress" => match field.as_str() {
            "enabled" => config.ingress.enabled = switch(value),
            "className" => config.ingress.class_name = value.to_owned(),
            "tlsSecret" => config.ingress.tls_secret = value.to_owned(),
            _ => return Err(SetError::UnknownField),
        },
        [K(root), K(id), K(field)] if root == "credentials" => {
            let field = CredentialField::from_key(field).ok_or(SetError::UnknownField)?;
            if !config.parties.iter().any(|p| &p.id == id) {
                return Err(SetError::UnknownField);
            }
            let entry = config.credentials.entry(id.clone()).or_default();
            *field.slot(entry) = Some(value.to_owned());
        }
        _ => return Err(SetError::UnknownField),
    }
    Ok(())
}

fn apply_party(
    config: &mut Config,
    index: usize,
    path: &[Segment],
    value: &str,
) -> Result<(), SetError> {
    use Segment::Key as K;
    let suggested_port = free_node_port(config, 30001);
    let suggested_dmz = (
        free_node_port(config, 31001),
        free_node_port_except(config, 31001, &[free_node_port(config, 31001)]),
    );
    let ids: Vec<String> = config.parties.iter().map(|p| p.id.clone()).collect();
    let party = &mut config.parties[index];
    match path {
        [K(field)] => match field.as_str() {
            "id" => {
                let old = std::mem::replace(&mut party.id, value.to_owned());
                // The passwords follow the party when its id is edited.
                let still_used = ids
                    .iter()
                    .enumerate()
                    .any(|(i, id)| i != index && *id == old);
                if !still_used && !ids.iter().any(|id| id == value) {
                    if let Some(credentials) = config.credentials.remove(&old) {
                        config.credentials.insert(value.to_owned(), credentials);
                    }
                }
            }
            "address" => party.address = value.to_owned(),
            "nodePort" => party.node_port = optional_number(value)?,
            "namespace" => party.namespace = optional_text(value),
            "fateboardHost" => party.fateboard_host = optional_text(value),
            "dmz" => {
                if switch(value) {
                    if party.dmz.is_none() {
                        party.dmz = Some(Dmz {
                            host: String::new(),
                            port: u32::from(PROXY_PORT),
                            federation_node_port: suggested_dmz.0,
                            fateflow_node_port: suggested_dmz.1,
                        });
                        party.node_port = None;
                    }
                } else if party.dmz.take().is_some() && party.node_port.is_none() {
                    party.node_port = Some(suggested_port);
                }
            }
            "placement" => {
                if switch(value) {
                    if party.placement.is_none() {
                        party.placement = Some(config.placement.clone());
                    }
                } else {
                    party.placement = None;
                }
            }
            _ => return Err(SetError::UnknownField),
        },
        [K(dmz), K(field)] if dmz == "dmz" => {
            let Some(dmz) = party.dmz.as_mut() else {
                return Err(SetError::UnknownField);
            };
            match field.as_str() {
                "host" => dmz.host = value.to_owned(),
                "port" => dmz.port = number(value)?,
                "federationNodePort" => dmz.federation_node_port = number(value)?,
                "fateflowNodePort" => dmz.fateflow_node_port = number(value)?,
                _ => return Err(SetError::UnknownField),
            }
        }
        [K(placement), rest @ ..] if placement == "placement" => {
            let Some(placement) = party.placement.as_mut() else {
                return Err(SetError::UnknownField);
            };
            apply_placement(placement, rest, value)?;
        }
        _ => return Err(SetError::UnknownField),
    }
    Ok(())
}

fn apply_placement(
    placement: &mut Placement,
    path: &[Segment],
    value: &str,
) -> Result<(), SetError> {
    use Segment::{Index as I, Key as K};
    let slot = match path {
        [K(field)] => match field.as_str() {
            "nodeLabel" => &mut placement.node_label,
            "federation" => &mut placement.federation,
            "metaService" => &mut placement.meta_service,
            "mysql" => &mut placement.mysql,
            "proxy" => &mut placement.proxy,
            "python" => &mut placement.python,
            "redis" => &mut placement.redis,
            "roll" => &mut placement.roll,
            _ => return Err(SetError::UnknownField),
        },
        [K(eggs), I(i)] if eggs == "eggs" => {
            placement.eggs.get_mut(*i).ok_or(SetError::UnknownField)?
        }
        _ => return Err(SetError::UnknownField),
    };
    *slot = value.to_owned();
    Ok(())
}

fn apply_storage(storage: &mut Storage, path: &[Segment], value: &str) -> Result<(), SetError> {
    use Segment::Key as K;
    let slot = match (storage, path) {
        (Storage::Nfs { server, path, size }, [K(field)]) => match field.as_str() {
            "server" => server,
            "path" => path,
            "size" => size,
            _ => return Err(SetError::UnknownField),
        },
        (Storage::StorageClass { class, .. }, [K(field)]) if field == "class" => class,
        (Storage::StorageClass { sizes, .. }, [K(s), K(field)]) if s == "sizes" => {
            match field.as_str() {
                "mysql" => &mut sizes.mysql,
                "redis" => &mut sizes.redis,
                "egg" => &mut sizes.egg,
                _ => return Err(SetError::UnknownField),
            }
        }
        (Storage::ExistingClaim { claim }, [K(field)]) if field == "claim" => claim,
        _ => return Err(SetError::UnknownField),
    };
    *slot = value.to_owned();
    Ok(())
}

fn new_storage(kind: &str) -> Storage {
    match kind {
        "nfs" => Storage::Nfs {
            server: String::new(),
            path: "/exports/fate".to_owned(),
            size: "100Gi".to_owned(),
        },
        "storageClass" => Storage::StorageClass {
            class: String::new(),
            sizes: VolumeSizes::default(),
        },
        "existingClaim" => Storage::ExistingClaim {
            claim: "fate-data".to_owned(),
        },
        _ => Storage::None,
    }
}

fn placement_ref<'a>(config: &'a Config, scope: &str) -> Option<&'a Placement> {
    if scope == "placement" {
        return Some(&config.placement);
    }
    match parse_path(scope)?.as_slice() {
        [Segment::Key(p), Segment::Index(i), Segment::Key(pl)]
            if p == "parties" && pl == "placement" =>
        {
            config.parties.get(*i)?.placement.as_ref()
        }
        _ => None,
    }
}

fn placement_exists(config: &Config, scope: &str) -> bool {
    placement_ref(config, scope).is_some()
}

fn placement_mut<'a>(config: &'a mut Config, scope: &str) -> Option<&'a mut Placement> {
    if scope == "placement" {
        return Some(&mut config.placement);
    }
    match parse_path(scope)?.as_slice() {
        [Segment::Key(p), Segment::Index(i), Segment::Key(pl)]
            if p == "parties" && pl == "placement" =>
        {
            config.parties.get_mut(*i)?.placement.as_mut()
        }
        _ => None,
    }
}

/// Every NodePort the document uses.
fn used_ports(config: &Config) -> Vec<u32> {
    let mut used = Vec::new();
    if let Some(exchange) = &config.exchange {
        used.push(exchange.node_port);
    }
    for party in &config.parties {
        used.extend(party.node_port);
        if let Some(dmz) = &party.dmz {
            used.push(dmz.federation_node_port);
            used.push(dmz.fateflow_node_port);
        }
    }
    used
}

/// The lowest NodePort from `from` that nothing in the document uses.
fn free_node_port(config: &Config, from: u32) -> u32 {
    free_node_port_except(config, from, &[])
}

fn free_node_port_except(config: &Config, from: u32, also: &[u32]) -> u32 {
    let used = used_ports(config);
    (from..=*NODE_PORT_RANGE.end())
        .chain(*NODE_PORT_RANGE.start()..from)
        .find(|p| !used.contains(p) && !also.contains(p))
        .unwrap_or(from)
}

/// The next party id: one more than the largest numeric id (10000 when there is none).
fn next_id(config: &Config) -> String {
    config
        .parties
        .iter()
        .filter_map(|p| p.id.parse::<u64>().ok())
        .max()
        .map_or(10000, |max| max + 1)
        .to_string()
}

/// An address for a new party: the last party's IPv4 address plus one, skipping addresses the
/// document already uses; otherwise the last party's address (same cluster, another NodePort).
fn next_address(config: &Config, after: Option<&str>) -> String {
    let used: Vec<&str> = config
        .parties
        .iter()
        .map(|p| p.address.as_str())
        .chain(config.exchange.iter().map(|x| x.address.as_str()))
        .collect();
    let Some(last) = after else {
        return "192.168.11.2".to_owned();
    };
    if let Ok(ip) = last.parse::<Ipv4Addr>() {
        let mut candidate = u32::from(ip);
        for _ in 0..256 {
            candidate = candidate.wrapping_add(1);
            let text = Ipv4Addr::from(candidate).to_string();
            if candidate & 0xff != 0 && candidate & 0xff != 255 && !used.contains(&text.as_str()) {
                return text;
            }
        }
    }
    last.to_owned()
}

fn new_party(config: &Config) -> Party {
    let address = next_address(config, config.parties.last().map(|p| p.address.as_str()));
    Party {
        id: next_id(config),
        address,
        node_port: Some(free_node_port(config, 30001)),
        namespace: None,
        fateboard_host: None,
        placement: None,
        dmz: None,
    }
}

fn duplicate(config: &Config, index: usize) -> Party {
    let original = &config.parties[index];
    let mut copy = original.clone();
    copy.id = next_id(config);
    copy.namespace = None;
    copy.fateboard_host = None;
    if copy.node_port.is_some() {
        copy.node_port = Some(free_node_port(config, 30001));
    }
    if let Some(dmz) = copy.dmz.as_mut() {
        let first = free_node_port(config, 31001);
        dmz.federation_node_port = first;
        dmz.fateflow_node_port = free_node_port_except(config, 31001, &[first]);
    }
    copy
}
