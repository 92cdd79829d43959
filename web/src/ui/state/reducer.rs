//! The reducer: [`State`], [`Action`] and `impl Reducible`.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::Reducible;

use crate::generator::config::Config;
use crate::generator::federation::{parse_config, validate};
use crate::generator::ordered;
use crate::generator::share::{self, ShareError};
use crate::generator::yaml::{self, Entry, Node};
use crate::generator::ValidationErrors;
use crate::ui::field_path::{CredentialField, FieldPath, PlacementScope};

use super::certificates::{ensure_certificates, rotate, CertificateOrigins};
use super::credentials::ensure_credentials;
use super::examples::{example_paths, example_problems, present, reindex};
use super::history::{History, Snapshot};
use super::notice::{Notice, NoticeKind};
use super::presets::Preset;
use super::setter::{apply, placement_mut, placement_ref, Parked, SetError};
use super::suggestions::{duplicate, new_party};

/// Key of the autosaved document in `localStorage`.
pub const AUTOSAVE_KEY: &str = "fate-configurator.config.v1";

/// The page's state.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The document being edited, passwords, certificates and keys included (in memory only).
    pub config: Rc<Config>,
    /// Which of `config.certificates` this tab generated (the rest were given).
    pub origins: Rc<CertificateOrigins>,
    /// Field path → text typed into a number field that is not a number.
    pub drafts: Rc<BTreeMap<String, String>>,
    /// A message shown above the form until dismissed.
    pub notice: Option<Notice>,
    /// Fields that still hold a preset's example value (cleared per field on edit, all at once
    /// by [`Action::AcceptExamples`]); while one is in the document the download waits.
    pub examples: Rc<Vec<FieldPath>>,
    /// Passwords, certificates or keys were typed (or shown) in this tab and not yet saved in
    /// a download: they exist only in memory, so leaving the page warns first.
    pub unsaved_secrets: bool,
    /// The preset chooser is open (first load without autosave or share link, or "Presets…").
    pub choosing_preset: bool,
    /// Increases with every change of `config` or `drafts` (memo and effect key).
    pub revision: u64,
    /// What undo and redo restore.
    history: History,
    /// Settings put aside when a section is switched off or changed, restored when it comes back.
    parked: Parked,
}

/// Where the first state came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A share link in the URL fragment.
    ShareLink,
    /// The document autosaved in this browser.
    Autosave,
    /// Nothing: an empty document, with the preset chooser open.
    Defaults,
}

/// Everything the page can do to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Sets a field from the text of its input. Switches take `true`/`false`; selects take the
    /// document's value. A field the document does not have at the moment (a removed party, a
    /// section that is off) is left alone.
    Set {
        /// The field (its text is the path validation errors use, e.g. `parties[1].nodePort`).
        path: FieldPath,
        /// Input text.
        value: String,
    },
    /// Appends a party with the next id, a free NodePort and an empty address (required: the
    /// form cannot know the node's address).
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
    AddEgg(PlacementScope),
    /// Removes an egg from a placement.
    RemoveEgg {
        /// `placement` or `parties[i].placement`.
        scope: PlacementScope,
        /// Egg index.
        index: usize,
    },
    /// Appends an empty image pull secret.
    AddPullSecret,
    /// Removes an image pull secret.
    RemovePullSecret(usize),
    /// New random passwords for one party (by id), or for every party.
    RegenerateCredentials(Option<String>),
    /// A new federation authority and new certificates for every OSX, replacing given ones too
    /// (every release must then be installed again).
    RotateCertificates,
    /// Removes one password of a party: a password of the document's FATE line is generated
    /// anew, one of the other line (which validation rejects, e.g. a redis password in an
    /// imported FATE 2.2 document) is dropped.
    RemoveCredential {
        /// The party id.
        id: String,
        /// The password.
        field: CredentialField,
    },
    /// Replaces the whole document (import); passwords it lacks are generated, and with TLS on
    /// certificates it lacks are issued (the ones it has count as given).
    Import {
        /// The new document.
        config: Box<Config>,
        /// What to tell the user.
        notice: Notice,
    },
    /// Back to the example federation with new passwords, its addresses marked as examples
    /// (undo brings the old one back).
    Reset,
    /// Replaces the document with a preset; its environment-specific values are marked as
    /// examples (undo brings the old document back).
    ApplyPreset(Preset),
    /// Opens (true) or closes the preset chooser.
    ChoosePreset(bool),
    /// The operator keeps every example value as it is: the download no longer waits.
    AcceptExamples,
    /// Passwords, certificates and keys were seen in clear text (revealed).
    SecretsRevealed,
    /// The passwords, certificates and keys were saved in a download (the zip or the
    /// credentials file): leaving the page no longer warns.
    SecretsSaved,
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
    /// A state editing `config`; missing passwords are generated, and with TLS on missing
    /// certificates issued (the ones it has count as given).
    pub fn new(mut config: Config) -> State {
        ensure_credentials(&mut config);
        let mut origins = CertificateOrigins::default();
        ensure_certificates(&mut config, &mut origins);
        State {
            config: Rc::new(config),
            origins: Rc::new(origins),
            drafts: Rc::default(),
            examples: Rc::default(),
            unsaved_secrets: false,
            choosing_preset: false,
            notice: None,
            revision: 0,
            history: History::default(),
            parked: Parked::default(),
        }
    }

    /// The first state of the page: the share link in `fragment` if there is one, else the
    /// autosaved document, else an empty one with the preset chooser open. Passwords are always
    /// generated anew (they are never stored or shared), and a notice says so when a document
    /// was restored.
    ///
    /// `reload` says the browser reloaded the page: then a fragment that carries exactly the
    /// autosaved document is the page's own address bar (it follows every edit), not a link
    /// someone shared, and the autosave is restored without the share link's notice.
    pub fn load(fragment: &str, autosave: Option<&str>, reload: bool) -> (State, Origin) {
        let mut failure = None;
        if let Some(encoded) = share::from_fragment(fragment) {
            let saved = autosave.and_then(|text| parse_config(text).ok());
            match share::decode(encoded) {
                Ok(config) if reload && saved.as_ref() == Some(&config) => {}
                Ok(config) => {
                    let mut state = State::new(config);
                    let mut lines = vec![
                        "Credentials are never part of a share link: new passwords have been generated for every party.".to_owned(),
                        "If this federation is already installed, set its passwords under Credentials (or import its bundle zip) before you download.".to_owned(),
                    ];
                    if state.config.tls.enabled {
                        lines.push("Certificates and keys are never part of a share link either: a new federation authority and certificates have been issued (import the installed bundle zip to keep its own).".to_owned());
                    }
                    // The link replaces what this browser had autosaved; undo brings that back.
                    let previous = autosave.and_then(|text| parse_config(text).ok());
                    if let Some(previous) = previous {
                        if previous != state.config.without_credentials() {
                            let previous = State::new(previous);
                            state.history.push_undo(previous.snapshot());
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
        // An autosaved document with nothing in it (a first visit left without a choice) is
        // no configuration to restore: the chooser opens again.
        let restored = autosave
            .and_then(|text| parse_config(text).ok())
            .filter(|config| !config.parties.is_empty() || config.exchange.is_some());
        let (mut state, origin) = match restored {
            Some(config) => {
                let mut state = State::new(config.without_credentials());
                state.notice = Some(
                    Notice::new(
                        NoticeKind::Info,
                        "Restored your last configuration from this browser",
                    )
                    .with_lines(if state.config.tls.enabled {
                        vec!["Passwords, certificates and keys are never saved, so new ones have been generated.".to_owned()]
                    } else {
                        vec!["Passwords are never saved, so new ones have been generated.".to_owned()]
                    }),
                );
                (state, Origin::Autosave)
            }
            None => {
                let mut state = State::new(preset_config(Preset::Empty));
                state.choosing_preset = true;
                (state, Origin::Defaults)
            }
        };
        if let Some(error) = failure {
            state.notice = Some(
                Notice::new(NoticeKind::Error, "The share link could not be opened")
                    .with_lines(vec![error]),
            );
        }
        (state, origin)
    }

    /// The text `localStorage` keeps: the document as YAML, **without** passwords, written as
    /// `federation.yaml` is (one serializer of `Config` in the page instead of two); autosaves
    /// of earlier versions, JSON, are read by the same reader. An error (never expected: every
    /// key is a string) leaves the last autosave in place rather than overwriting it with nothing.
    pub fn autosave_text(&self) -> Result<String, String> {
        yaml::to_string(&self.config.without_credentials()).map_err(|e| e.to_string())
    }

    /// The share-link encoding of the document (never with passwords).
    pub fn share_encoding(&self) -> Result<String, ShareError> {
        share::encode(&self.config)
    }

    /// A share link to this state on the page at `base`.
    pub fn share_link(&self, base: &str) -> Result<String, ShareError> {
        share::link(base, &self.config)
    }

    /// The document as YAML, without passwords (the "export" download).
    pub fn export_document(&self) -> Result<String, String> {
        let body = yaml::to_string(&self.config.without_credentials())
            .map_err(|e| format!("cannot write the document as YAML: {e}"))?;
        Ok(format!(
            "# FATE federation config document, exported from the web configurator.\n\
             # Passwords are not stored here. Re-import it in the configurator or run\n\
             # `fate-chartgen generate federation.yaml -o fate-federation.zip`.\n{body}"
        ))
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
        self.history.can_undo()
    }

    /// True when there is an undone edit to redo.
    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// What a number field at `path` shows: the draft text, else the document's number.
    pub fn draft(&self, path: &str) -> Option<&str> {
        self.drafts.get(path).map(String::as_str)
    }

    fn snapshot(&self) -> Rc<Snapshot> {
        Rc::new(Snapshot {
            config: self.config.clone(),
            origins: self.origins.clone(),
            drafts: self.drafts.clone(),
            examples: self.examples.clone(),
        })
    }

    /// Records the current document for undo before a change.
    fn remember(&mut self, coalesce_with: Option<&FieldPath>) {
        let current = self.snapshot();
        self.history.remember(current, coalesce_with);
    }

    /// Applies an edit of the document: records undo, bumps the revision, keeps the invariants.
    fn edit(&mut self, change: impl FnOnce(&mut Config)) {
        self.edit_certificates(|config, _| change(config));
    }

    /// [`State::edit`] with what this tab generated at hand.
    fn edit_certificates(&mut self, change: impl FnOnce(&mut Config, &mut CertificateOrigins)) {
        self.remember(None);
        let mut config = (*self.config).clone();
        let mut origins = (*self.origins).clone();
        change(&mut config, &mut origins);
        self.commit(config, origins);
    }

    /// Keeps the invariants (passwords, certificates) and makes `config` the document.
    fn commit(&mut self, mut config: Config, mut origins: CertificateOrigins) {
        ensure_credentials(&mut config);
        ensure_certificates(&mut config, &mut origins);
        self.config = Rc::new(config);
        if *self.origins != origins {
            self.origins = Rc::new(origins);
        }
        self.revision += 1;
    }

    fn set(&mut self, path: &FieldPath, value: &str) {
        // Drafts and errors are keyed by the path's text.
        let key = path.to_string();
        let mut draft: Option<Option<String>> = None;
        let mut config = (*self.config).clone();
        let before = config.clone();
        let mut origins = (*self.origins).clone();
        match apply(&mut config, &mut self.parked, &mut origins, path, value) {
            Ok(()) => {
                if self.drafts.contains_key(&key) {
                    draft = Some(None);
                }
            }
            Err(SetError::NotANumber) => draft = Some(Some(value.to_owned())),
            Err(SetError::Absent | SetError::NotAChoice) => return,
        }
        if config == before && origins == *self.origins && draft.is_none() {
            return;
        }
        self.remember(Some(path));
        if self.examples.contains(path) {
            let examples = self.examples.iter().filter(|p| *p != path).cloned();
            self.examples = Rc::new(examples.collect());
        }
        if is_secret(path) {
            self.unsaved_secrets = true;
        }
        if let Some(text) = draft {
            let mut drafts = (*self.drafts).clone();
            match text {
                Some(text) => drafts.insert(key, text),
                None => drafts.remove(&key),
            };
            self.drafts = Rc::new(drafts);
        }
        self.commit(config, origins);
    }

    /// Drafts of number fields at or under these party indexes no longer apply.
    fn clear_drafts_under(&mut self, prefix: &str) {
        if self.drafts.keys().any(|k| k.starts_with(prefix)) {
            let drafts = ordered::map_of(
                self.drafts
                    .iter()
                    .filter(|(k, _)| !k.starts_with(prefix))
                    .map(|(k, v)| (k.clone(), v.clone())),
            );
            self.drafts = Rc::new(drafts);
        }
    }

    /// A new document (import, reset): its certificates, if any, count as given.
    fn replace(&mut self, config: Config) {
        self.remember(None);
        self.drafts = Rc::default();
        self.examples = Rc::default();
        self.commit(config, CertificateOrigins::default());
    }

    /// A preset replaces the document: its environment-specific values become examples, and
    /// the certificates it needs are this tab's own.
    fn apply_preset(&mut self, preset: Preset) {
        self.parked = Parked::default();
        self.remember(None);
        self.drafts = Rc::default();
        let config = preset_config(preset);
        self.examples = Rc::new(example_paths(&config));
        self.commit(config, CertificateOrigins::default());
        self.choosing_preset = false;
    }

    /// The parties were rearranged: `moved(old index)` is where each one is now.
    fn reindex_examples(&mut self, moved: impl Fn(usize) -> Vec<usize>) {
        if self
            .examples
            .iter()
            .any(|p| matches!(p, FieldPath::Party(..)))
        {
            self.examples = Rc::new(reindex(&self.examples, moved));
        }
    }

    /// Example values still in the document, as problems (the field's marker, the problem
    /// count and the download use them; the preview does not wait for them).
    pub fn example_problems(&self) -> ValidationErrors {
        example_problems(&self.config, &self.examples)
    }

    /// The fields still holding an example value.
    pub fn examples_present(&self) -> Vec<FieldPath> {
        present(&self.config, &self.examples)
    }

    /// The passwords, certificates and keys of this tab as a credentials file (the CLI's
    /// `--credentials` reads it: `credentials:` by party id, `certificates:` as in the
    /// document). It is never stored by the page; the operator downloads it.
    pub fn credentials_file(&self) -> Result<String, String> {
        let section = |key: &str, value: Result<Node, yaml::SerializeError>| {
            value
                .map(|node| Entry::new(key, node))
                .map_err(|e| format!("cannot write the credentials as YAML: {e}"))
        };
        let mut file = vec![section(
            "credentials",
            yaml::to_node(&self.config.credentials),
        )?];
        if !self.config.certificates.is_empty() {
            file.push(section(
                "certificates",
                yaml::to_node(&self.config.certificates),
            )?);
        }
        let body = yaml::emit("", &Node::Map(file));
        Ok(format!(
            "# Passwords{} of a FATE federation, from the web configurator. Keep this file\n\
             # private. The configurator never stores it; use it with\n\
             # `fate-chartgen generate federation.yaml --credentials fate-credentials.yaml`.\n{body}",
            if self.config.certificates.is_empty() { "" } else { ", certificates and keys" }
        ))
    }

    fn restore(&mut self, snapshot: &Snapshot) {
        self.config = snapshot.config.clone();
        self.origins = snapshot.origins.clone();
        self.drafts = snapshot.drafts.clone();
        self.examples = snapshot.examples.clone();
        self.revision += 1;
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = Rc::unwrap_or_clone(self);
        match action {
            Action::Set { path, value } => state.set(&path, &value),
            Action::AddParty => state.edit(|config| {
                let party = new_party(config);
                config.parties.push(party);
            }),
            Action::RemoveParty(index) => {
                if index < state.config.parties.len() {
                    state.edit(|config| {
                        config.parties.remove(index);
                    });
                    state.drafts = Rc::default();
                    state.reindex_examples(|i| match i.cmp(&index) {
                        std::cmp::Ordering::Less => vec![i],
                        std::cmp::Ordering::Equal => vec![],
                        std::cmp::Ordering::Greater => vec![i - 1],
                    });
                }
            }
            Action::MoveParty { from, to } => {
                let n = state.config.parties.len();
                if from < n && to < n && from != to {
                    state.edit(|config| {
                        let party = config.parties.remove(from);
                        config.parties.insert(to, party);
                    });
                    state.drafts = Rc::default();
                    state.reindex_examples(|i| {
                        let mut order: Vec<usize> = (0..n).collect();
                        let moved = order.remove(from);
                        order.insert(to, moved);
                        order.iter().position(|&old| old == i).into_iter().collect()
                    });
                }
            }
            Action::DuplicateParty(index) => {
                if index < state.config.parties.len() {
                    state.edit(|config| {
                        let copy = duplicate(config, index);
                        config.parties.insert(index + 1, copy);
                    });
                    state.drafts = Rc::default();
                    // The copy has the original's address and DMZ host: examples too.
                    state.reindex_examples(|i| match i.cmp(&index) {
                        std::cmp::Ordering::Less => vec![i],
                        std::cmp::Ordering::Equal => vec![i, i + 1],
                        std::cmp::Ordering::Greater => vec![i + 1],
                    });
                }
            }
            Action::AddEgg(scope) => {
                if placement_ref(&state.config, scope).is_some() {
                    state.edit(|config| {
                        if let Some(placement) = placement_mut(config, scope) {
                            placement.eggs.push(String::new());
                        }
                    });
                }
            }
            Action::RemoveEgg { scope, index } => {
                let exists =
                    placement_ref(&state.config, scope).is_some_and(|p| index < p.eggs.len());
                if exists {
                    state.edit(|config| {
                        if let Some(placement) = placement_mut(config, scope) {
                            placement.eggs.remove(index);
                        }
                    });
                    state.clear_drafts_under(&format!("{scope}.eggs"));
                }
            }
            Action::AddPullSecret => state.edit(|config| {
                config.images.pull_secrets.push(String::new());
            }),
            Action::RemovePullSecret(index) => {
                if index < state.config.images.pull_secrets.len() {
                    state.edit(|config| {
                        config.images.pull_secrets.remove(index);
                    });
                }
            }
            Action::RegenerateCredentials(id) => state.edit(|config| match id {
                Some(id) => {
                    config.credentials.remove(&id);
                }
                None => config.credentials.clear(),
            }),
            Action::RotateCertificates => {
                state.parked.forget_authority();
                state.edit_certificates(rotate);
                let lines = if state.config.tls.enabled {
                    vec![
                        "Every party and the exchange has a new certificate from the new authority: peers with the old authority refuse them, so every release must be installed again (./install.sh installs them all).".to_owned(),
                        "Undo (Ctrl+Z) brings the previous certificates back.".to_owned(),
                    ]
                } else {
                    vec!["They are issued when mutual TLS is switched on.".to_owned()]
                };
                state.notice = Some(
                    Notice::new(
                        NoticeKind::Warning,
                        "New federation authority and certificates",
                    )
                    .with_lines(lines),
                );
            }
            Action::RemoveCredential { id, field } => {
                let present = state
                    .config
                    .credentials
                    .get(&id)
                    .is_some_and(|given| field.get(given).is_some());
                if present {
                    state.edit(|config| {
                        if let Some(given) = config.credentials.get_mut(&id) {
                            *field.slot(given) = None;
                        }
                    });
                }
            }
            Action::Import { config, notice } => {
                state.parked.forget_credentials();
                state.replace(*config);
                state.notice = Some(notice);
            }
            Action::Reset => {
                state.apply_preset(Preset::TwoPartiesExchange);
                state.notice = Some(
                    Notice::new(NoticeKind::Info, "Reset to the example federation").with_lines(
                        vec![
                            "Its addresses are examples: give your own, or press \"Use the example values\".".to_owned(),
                            "Undo (Ctrl+Z) brings your configuration back.".to_owned(),
                        ],
                    ),
                );
            }
            Action::ApplyPreset(preset) => {
                state.apply_preset(preset);
                let mut lines = Vec::new();
                if !state.examples.is_empty() {
                    lines.push("Fields marked \"example\" hold values of no real cluster: give your own before you download, or press \"Use the example values\".".to_owned());
                }
                if state.can_undo() {
                    lines.push("Undo (Ctrl+Z) brings your previous configuration back.".to_owned());
                }
                state.notice = Some(
                    Notice::new(
                        NoticeKind::Info,
                        format!("Started from the preset \"{}\"", preset.title()),
                    )
                    .with_lines(lines),
                );
            }
            Action::ChoosePreset(open) => state.choosing_preset = open,
            Action::AcceptExamples => {
                if !state.examples.is_empty() {
                    state.remember(None);
                    state.examples = Rc::default();
                    state.revision += 1;
                }
            }
            Action::SecretsRevealed => state.unsaved_secrets = true,
            Action::SecretsSaved => state.unsaved_secrets = false,
            Action::Undo => {
                if let Some(previous) = state.history.undo(state.snapshot()) {
                    state.restore(&previous);
                }
            }
            Action::Redo => {
                if let Some(next) = state.history.redo(state.snapshot()) {
                    state.restore(&next);
                }
            }
            Action::Notify(notice) => state.notice = Some(notice),
            Action::DismissNotice => state.notice = None,
        }
        Rc::new(state)
    }
}

/// A preset's document. Every preset parses (`tests/presets.rs`); were one not to, the form
/// would start from the example federation rather than from nothing.
fn preset_config(preset: Preset) -> Config {
    preset.config().unwrap_or_else(|_| Config::example())
}

/// Passwords, certificates and keys: what exists only in this tab's memory once typed.
fn is_secret(path: &FieldPath) -> bool {
    matches!(
        path,
        FieldPath::Credential(..) | FieldPath::AuthorityPem(_) | FieldPath::IssuedPem(..)
    )
}
