//! `fate-chartgen`: the command-line face of the generator core.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::borrow::Cow;
    use std::collections::{BTreeMap, BTreeSet};
    use std::ffi::{OsStr, OsString};
    use std::fmt;
    use std::fs;
    use std::io::{self, Write as _};
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;
    use std::sync::atomic::{AtomicBool, Ordering};

    use clap::{Parser, Subcommand};
    use fate_chartgen::generator::archive::{Deflated, ZipPlan};
    use fate_chartgen::generator::bundle::{self, generate_scoped, Bundle, BundleFile, Scope};
    use fate_chartgen::generator::charts::{self, ChartKind};
    use fate_chartgen::generator::federation::{validate, Federation, FederationError, OsRandom};
    use fate_chartgen::generator::input::{self, InputError, InputKind};
    use fate_chartgen::generator::{
        archive, schema, share, share::ShareError, ArchiveError, Config, ValidationErrors,
    };
    use fate_chartgen::generator::{line, naming, yaml, yaml_read};
    use serde::de::IgnoredAny;

    /// Generates Helm charts that deploy a FATE 1.2/1.3 or 2.2 federation on Kubernetes: one chart
    /// per party (`fate-<id>/`) and one for the exchange (`fate-exchange/`), with install scripts.
    ///
    /// INPUT is a config document (YAML or JSON; `fate-chartgen schema` prints its JSON Schema) or
    /// the old KubeFATE `kube.cfg`, recognised by content. Passwords left out of the document are
    /// generated with the operating system's secure random source.
    #[derive(Debug, Parser)]
    #[command(name = "fate-chartgen", version, about, long_about)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Debug, Subcommand)]
    enum Command {
        /// Writes the deployment bundle: a zip when OUT ends with `.zip`, else a directory.
        Generate {
            /// Config document or kube.cfg.
            input: PathBuf,
            /// The old `.env` (PREFIX, RegistryURI, TAG) that goes with a kube.cfg.
            #[arg(long, value_name = "FILE")]
            env: Option<PathBuf>,
            /// Reuse passwords (and TLS certificates): an earlier bundle (zip or directory), a
            /// YAML map `<party id>: {mysqlRootPassword, mysqlPassword, redisPassword |
            /// fateboardPassword}`, or YAML with `credentials:` (that map) and `certificates:`
            /// (`authority: {cert, key}`, `issued: {<id> | exchange: {cert, key}}`, PEM).
            #[arg(long, value_name = "FILE")]
            credentials: Option<PathBuf>,
            /// Issue new TLS certificates and a new federation authority instead of keeping
            /// those of `--credentials` or the document.
            #[arg(long)]
            rotate_certificates: bool,
            /// Only this party's chart (for the organisation that runs it).
            #[arg(long, value_name = "ID", conflicts_with_all = ["exchange_only", "per_party"])]
            party: Option<String>,
            /// Only the exchange chart.
            #[arg(long = "exchange-only", conflicts_with = "per_party")]
            exchange_only: bool,
            /// Write one zip per party and one for the exchange into the directory OUT (created if
            /// missing; zips of the same names are replaced, other files are left alone).
            #[arg(long)]
            per_party: bool,
            /// Output: `bundle.zip` or a directory (replaced if it holds an earlier bundle).
            /// Written in full under a temporary name beside OUT, then renamed into place: a failed
            /// run leaves OUT as it was.
            #[arg(short, long, value_name = "OUT")]
            output: PathBuf,
        },
        /// Checks the input and prints every problem; exits 1 if there is any.
        Validate {
            /// Config document or kube.cfg.
            input: PathBuf,
            /// The old `.env` that goes with a kube.cfg.
            #[arg(long, value_name = "FILE")]
            env: Option<PathBuf>,
        },
        /// Converts a kube.cfg (and .env) into the equivalent config document.
        Import {
            /// The old kube.cfg.
            kube_cfg: PathBuf,
            /// The old `.env`.
            #[arg(long, value_name = "FILE")]
            env: Option<PathBuf>,
        },
        /// Prints a share link for the web configurator (never includes passwords).
        Share {
            /// Config document or kube.cfg.
            input: PathBuf,
            /// The old `.env` that goes with a kube.cfg.
            #[arg(long, value_name = "FILE")]
            env: Option<PathBuf>,
            /// Address of the web configurator.
            #[arg(long, value_name = "URL", default_value = "index.html")]
            base_url: String,
        },
        /// Prints the JSON Schema of the config document.
        Schema,
    }

    /// Something done to a file, as the error message says it.
    #[derive(Debug, Clone, Copy)]
    enum Action {
        ReadDocument,
        ReadKubeCfg,
        ReadEnv,
        ReadCredentials,
        ListDirectory,
        Inspect,
        CreateDirectory,
        WriteZip,
        WriteFile,
        MarkExecutable,
        PutInPlace,
    }

    impl fmt::Display for Action {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(match self {
                Action::ReadDocument => "read config document",
                Action::ReadKubeCfg => "read kube.cfg",
                Action::ReadEnv => "read .env file",
                Action::ReadCredentials => "read credentials",
                Action::ListDirectory => "list directory",
                Action::Inspect => "inspect",
                Action::CreateDirectory => "create directory",
                Action::WriteZip => "write zip",
                Action::WriteFile => "write",
                Action::MarkExecutable => "make executable",
                Action::PutInPlace => "put the new bundle in place at",
            })
        }
    }

    /// Everything the CLI reports. File errors name the file and what was being done with it.
    #[derive(Debug, thiserror::Error)]
    enum CliError {
        #[error("cannot {action} '{}': {}", .path.display(), os_message(.source))]
        Io {
            action: Action,
            path: PathBuf,
            source: io::Error,
        },
        #[error("{}: {source}", .path.display())]
        Input {
            path: PathBuf,
            source: Box<InputError>,
        },
        #[error("{}: {errors}", .path.display())]
        Invalid {
            path: PathBuf,
            errors: ValidationErrors,
        },
        #[error(
            "{} is not a kube.cfg (no `name=value` lines); it looks like a config document",
            .0.display()
        )]
        NotKubeCfg(PathBuf),
        #[error("credentials '{}': {source}", .path.display())]
        CredentialsZip { path: PathBuf, source: ArchiveError },
        #[error("credentials '{}': {source}", .path.display())]
        CredentialsYaml {
            path: PathBuf,
            source: yaml_read::Error,
        },
        #[error("credentials '{}' is not text", .0.display())]
        CredentialsNotText(PathBuf),
        #[error("credentials '{}' hold no passwords", .0.display())]
        NoPasswords(PathBuf),
        #[error(transparent)]
        Federation(FederationError),
        #[error("{}: {source}", .path.display())]
        Share { path: PathBuf, source: ShareError },
        #[error("--party {0}: there is no party with that id")]
        NoSuchParty(String),
        #[error("--exchange-only: the config has no exchange")]
        NoExchange,
        #[error("'{}' exists and is not an earlier bundle; choose an empty or new directory", .0.display())]
        NotABundle(PathBuf),
        #[error("'{}' is a directory; a zip cannot replace it", .0.display())]
        ZipOverDirectory(PathBuf),
        #[error("'{}' names no directory to write; give a path such as out/", .0.display())]
        NoName(PathBuf),
        #[error("cannot pack '{}': {source}", .path.display())]
        Pack { path: PathBuf, source: ArchiveError },
        #[error("cannot print the document: {0}")]
        Print(yaml::SerializeError),
    }

    /// An I/O error without the `(os error N)` that Rust appends to the system's message.
    fn os_message(error: &io::Error) -> String {
        let text = error.to_string();
        match error.raw_os_error() {
            Some(code) => text
                .strip_suffix(&format!(" (os error {code})"))
                .map_or_else(|| text.clone(), str::to_owned),
            None => text,
        }
    }

    /// Attaches the file and the action to an I/O result.
    trait Context<T> {
        fn context(self, action: Action, path: &Path) -> Result<T, CliError>;
    }

    impl<T> Context<T> for io::Result<T> {
        fn context(self, action: Action, path: &Path) -> Result<T, CliError> {
            self.map_err(|source| CliError::Io {
                action,
                path: path.to_path_buf(),
                source,
            })
        }
    }

    pub fn main() -> ExitCode {
        let cli = Cli::parse();
        match run(cli.command) {
            Ok(code) => code,
            Err(error) => {
                eprintln!("error: {}", error.to_string().trim_end());
                ExitCode::FAILURE
            }
        }
    }

    fn read_text(path: &Path, action: Action) -> Result<String, CliError> {
        fs::read_to_string(path).context(action, path)
    }

    fn read_config(input: &Path, action: Action, env: Option<&Path>) -> Result<Config, CliError> {
        let text = read_text(input, action)?;
        let env_text = env.map(|env| read_text(env, Action::ReadEnv)).transpose()?;
        let read = input::read(&text, env_text.as_deref()).map_err(|source| CliError::Input {
            path: input.to_path_buf(),
            source: Box::new(source),
        })?;
        for note in &read.notes {
            eprintln!("note: {note}");
        }
        Ok(read.config)
    }

    fn run(command: Command) -> Result<ExitCode, CliError> {
        match command {
            Command::Schema => {
                print!("{}", schema::config_schema_json());
            }
            Command::Import { kube_cfg, env } => {
                let text = read_text(&kube_cfg, Action::ReadKubeCfg)?;
                if input::detect(&text) != InputKind::KubeCfg {
                    return Err(CliError::NotKubeCfg(kube_cfg));
                }
                let config = read_config(&kube_cfg, Action::ReadKubeCfg, env.as_deref())?;
                let errors = validate(&config);
                print!("{}", yaml::to_string(&config).map_err(CliError::Print)?);
                if !errors.is_empty() {
                    eprint!("warning: the imported document needs fixing before it can generate:\n{errors}");
                }
            }
            Command::Validate { input, env } => {
                let config = read_config(&input, Action::ReadDocument, env.as_deref())?;
                let errors = validate(&config);
                if errors.is_empty() {
                    println!(
                        "{}: ok ({} parties, {})",
                        input.display(),
                        config.parties.len(),
                        if config.exchange.is_some() {
                            "with exchange"
                        } else {
                            "mesh, no exchange"
                        }
                    );
                } else {
                    eprint!("{}: {errors}", input.display());
                    return Ok(ExitCode::FAILURE);
                }
            }
            Command::Share {
                input,
                env,
                base_url,
            } => {
                let config = read_config(&input, Action::ReadDocument, env.as_deref())?;
                let errors = validate(&config);
                if !errors.is_empty() {
                    eprint!("warning: the shared configuration is not valid yet:\n{errors}");
                }
                let link = share::link(&base_url, &config).map_err(|source| CliError::Share {
                    path: input.clone(),
                    source,
                })?;
                println!("{link}");
            }
            Command::Generate {
                input,
                env,
                credentials,
                rotate_certificates,
                party,
                exchange_only,
                per_party,
                output,
            } => {
                let mut config = read_config(&input, Action::ReadDocument, env.as_deref())?;
                if let Some(path) = credentials {
                    merge_credentials(&mut config, &path)?;
                }
                let rotated = rotate_certificates && config.tls.enabled;
                if rotate_certificates {
                    config.certificates = Default::default();
                }
                let federation = Federation::new(&config, &mut OsRandom).map_err(|e| match e {
                    FederationError::Invalid(errors) => CliError::Invalid {
                        path: input.clone(),
                        errors,
                    },
                    other => CliError::Federation(other),
                })?;
                let generated: Vec<&str> = federation
                    .parties
                    .iter()
                    .filter(|p| !config.credentials.contains_key(&p.id))
                    .map(|p| p.id.as_str())
                    .collect();
                if per_party {
                    write_per_party(&federation, &output)?;
                } else {
                    let scope = if let Some(id) = party {
                        if federation.party(&id).is_none() {
                            return Err(CliError::NoSuchParty(id));
                        }
                        Scope::Party(id)
                    } else if exchange_only {
                        if federation.exchange.is_none() {
                            return Err(CliError::NoExchange);
                        }
                        Scope::Exchange
                    } else {
                        Scope::All
                    };
                    if is_zip(&output) {
                        let (bundle, ahead) =
                            generate_while_deflating(known_bodies(&federation, &scope), || {
                                generate_scoped(&federation, &scope)
                            });
                        let zip = plan(&bundle, &ahead, &output)?;
                        Staged::write(&output, |out| zip.write_to(out))?.commit()?;
                        // The process ends next: freeing the bundle's thousands of strings one
                        // by one would only add to the run time.
                        std::mem::forget(bundle);
                    } else {
                        let bundle = generate_scoped(&federation, &scope);
                        write_bundle_dir(&bundle, &output)?;
                        std::mem::forget(bundle);
                    }
                }
                if !generated.is_empty() {
                    eprintln!(
                        "note: generated new passwords for party {}; they are in each fate-<id>/values.yaml",
                        generated.join(", ")
                    );
                }
                if rotated {
                    eprintln!("note: issued a new federation authority and new certificates for every OSX: install every release of the new bundle");
                }
                eprintln!("wrote {}", output.display());
            }
        }
        Ok(ExitCode::SUCCESS)
    }

    /// Passwords (and TLS certificates) from an earlier bundle (zip or directory) or a
    /// credentials YAML map. What the document itself gives wins.
    fn merge_credentials(config: &mut Config, path: &Path) -> Result<(), CliError> {
        let mut certificates = Default::default();
        let found = if path.is_dir() {
            let bundle = read_dir_bundle(path)?;
            certificates = input::certificates_from_bundle(&bundle);
            input::credentials_from_bundle(&bundle)
        } else {
            let bytes = fs::read(path).context(Action::ReadCredentials, path)?;
            if bytes.starts_with(b"PK") {
                let bundle =
                    archive::from_zip(&bytes).map_err(|source| CliError::CredentialsZip {
                        path: path.to_path_buf(),
                        source,
                    })?;
                certificates = input::certificates_from_bundle(&bundle);
                input::credentials_from_bundle(&bundle)
            } else {
                let text = String::from_utf8(bytes)
                    .map_err(|_| CliError::CredentialsNotText(path.to_path_buf()))?;
                let yaml_error = |source| CliError::CredentialsYaml {
                    path: path.to_path_buf(),
                    source,
                };
                // Either the map `<party id>: {passwords}`, or `credentials:` (that map) and
                // `certificates:` (as in the config document) side by side.
                // The top-level keys decide the shape; then the file is read as that shape, so
                // an error points at its line.
                let keys = yaml_read::from_str::<BTreeMap<String, IgnoredAny>>(&text).ok();
                let sections = keys.is_some_and(|keys| {
                    !keys.is_empty()
                        && keys
                            .keys()
                            .all(|k| matches!(k.as_str(), "credentials" | "certificates"))
                });
                if sections {
                    let file: CredentialsFile = yaml_read::from_str(&text).map_err(yaml_error)?;
                    certificates = file.certificates;
                    file.credentials
                } else {
                    yaml_read::from_str(&text).map_err(yaml_error)?
                }
            }
        };
        if found.is_empty() && certificates.is_empty() {
            return Err(CliError::NoPasswords(path.to_path_buf()));
        }
        for (id, credentials) in found {
            config.credentials.entry(id).or_insert(credentials);
        }
        if config.certificates.is_empty() {
            config.certificates = certificates;
        }
        Ok(())
    }

    /// A credentials file with sections: passwords by party id, and TLS certificates.
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct CredentialsFile {
        #[serde(default)]
        credentials:
            std::collections::BTreeMap<String, fate_chartgen::generator::config::PartyCredentials>,
        #[serde(default)]
        certificates: fate_chartgen::generator::config::Certificates,
    }

    /// The `values.yaml` files of a bundle directory (all that holds passwords and each OSX's
    /// certificate) and its `tls/` authority files.
    fn read_dir_bundle(dir: &Path) -> Result<Bundle, CliError> {
        let mut bundle = Bundle::default();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(current) = stack.pop() {
            for entry in fs::read_dir(&current).context(Action::ListDirectory, &current)? {
                let path = entry.context(Action::ListDirectory, &current)?.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.file_name().is_some_and(|n| n == "values.yaml")
                    || path.strip_prefix(dir).is_ok_and(|r| {
                        r == Path::new(bundle::TLS_AUTHORITY_CERT)
                            || r == Path::new(bundle::TLS_AUTHORITY_KEY)
                    })
                {
                    let relative = path
                        .strip_prefix(dir)
                        .unwrap_or(&path)
                        .to_string_lossy()
                        .replace('\\', "/");
                    bundle.files.insert(
                        relative,
                        BundleFile {
                            contents: read_text(&path, Action::ReadCredentials)?,
                            executable: false,
                        },
                    );
                }
            }
        }
        Ok(bundle)
    }

    fn is_zip(output: &Path) -> bool {
        output.extension().is_some_and(|e| e == "zip")
    }

    /// The chart sources of the charts in the bundle of `scope`: bodies every chart of a kind
    /// repeats, known before the bundle is generated. (Computing each party's `values.yaml`
    /// ahead as well was tried: the second core then competes with the generation and the
    /// 60-party zip is no faster.)
    fn known_bodies(
        federation: &Federation,
        scope: &Scope,
    ) -> impl Iterator<Item = Cow<'static, str>> + Send + 'static {
        let exchange = federation.exchange.is_some() && !matches!(scope, Scope::Party(_));
        let kinds = [
            (!matches!(scope, Scope::Exchange)).then_some(ChartKind::Party),
            exchange.then_some(ChartKind::Exchange),
        ];
        let line_dir = line::of(federation.fate_version).chart_dir();
        kinds
            .into_iter()
            .flatten()
            .flat_map(move |kind| charts::sources(line_dir, kind))
            .map(|(_, text)| Cow::Borrowed(text))
    }

    /// Runs `generate` while another thread deflates `ahead` (bodies its bundle will hold), as
    /// many as the generation leaves time for. On a single core it only generates.
    fn generate_while_deflating<'a, T>(
        ahead: impl Iterator<Item = Cow<'a, str>> + Send,
        generate: impl FnOnce() -> T,
    ) -> (T, Deflated<'a>) {
        if std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
            return (generate(), Deflated::default());
        }
        let stop = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let deflating =
                std::thread::Builder::new().spawn_scoped(scope, || Deflated::new(ahead, &stop));
            let generated = generate();
            stop.store(true, Ordering::Relaxed);
            let deflated = match deflating {
                Ok(thread) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // Without the thread, the zip deflates every body itself.
                Err(_) => Deflated::default(),
            };
            (generated, deflated)
        })
    }

    fn plan<'a>(
        bundle: &'a Bundle,
        ahead: &'a Deflated<'a>,
        target: &Path,
    ) -> Result<ZipPlan<'a>, CliError> {
        ZipPlan::new(bundle, ahead).map_err(|source| CliError::Pack {
            path: target.to_path_buf(),
            source,
        })
    }

    fn write_per_party(federation: &Federation, dir: &Path) -> Result<(), CliError> {
        let mut scopes: Vec<(String, Scope)> = federation
            .parties
            .iter()
            .map(|p| (p.release(), Scope::Party(p.id.clone())))
            .collect();
        if federation.exchange.is_some() {
            scopes.push((naming::EXCHANGE_RELEASE.to_owned(), Scope::Exchange));
        }
        let (bundles, ahead) =
            generate_while_deflating(known_bodies(federation, &Scope::All), || {
                scopes
                    .iter()
                    .map(|(name, scope)| {
                        (
                            dir.join(format!("{name}.zip")),
                            generate_scoped(federation, scope),
                        )
                    })
                    .collect::<Vec<_>>()
            });
        let created = create_missing_dirs(dir)?;
        // Every zip is written under a temporary name first; only when all are written do they
        // replace the zips of the same names (other files in the directory are left alone).
        let mut staged: Vec<Staged> = Vec::new();
        let result = (|| {
            for (target, bundle) in &bundles {
                let zip = plan(bundle, &ahead, target)?;
                staged.push(Staged::write(target, |out| zip.write_to(out))?);
            }
            if let Some(dir) = staged.iter().find(|s| s.target.is_dir()) {
                return Err(CliError::ZipOverDirectory(dir.target.clone()));
            }
            staged.drain(..).try_for_each(Staged::commit)
        })();
        if result.is_err() {
            staged.drain(..).for_each(Staged::discard);
            remove_created_dirs(&created);
        }
        result
    }

    /// A zip written in full under a temporary name beside its target.
    struct Staged {
        temp: PathBuf,
        target: PathBuf,
    }

    impl Staged {
        /// Creates the temporary file and has `write` write the zip into it (buffered).
        fn write(
            target: &Path,
            write: impl FnOnce(&mut io::BufWriter<fs::File>) -> io::Result<()>,
        ) -> Result<Staged, CliError> {
            let name = target
                .file_name()
                .ok_or_else(|| CliError::NoName(target.to_path_buf()))?;
            let (temp, file) = create_beside(parent_of(target), name, |path| {
                fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(path)
            })
            .context(Action::WriteZip, target)?;
            let staged = Staged {
                temp,
                target: target.to_path_buf(),
            };
            let written = (|| {
                let mut out = io::BufWriter::with_capacity(256 * 1024, file);
                write(&mut out)?;
                let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
                // Replacing a zip keeps its permissions (it holds passwords).
                match fs::metadata(target) {
                    Ok(old) if old.is_file() => file.set_permissions(old.permissions()),
                    _ => Ok(()),
                }
            })();
            match written.context(Action::WriteZip, target) {
                Ok(()) => Ok(staged),
                Err(error) => {
                    staged.discard();
                    Err(error)
                }
            }
        }

        /// Renames the zip over its target (or removes it if that fails).
        fn commit(self) -> Result<(), CliError> {
            match fs::rename(&self.temp, &self.target) {
                Ok(()) => Ok(()),
                Err(source) => {
                    let target = self.target.clone();
                    self.discard();
                    Err(source).context(Action::WriteZip, &target)
                }
            }
        }

        fn discard(self) {
            let _ = fs::remove_file(&self.temp);
        }
    }

    /// The directory a path is in (`.` for a bare name).
    fn parent_of(path: &Path) -> &Path {
        match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        }
    }

    /// Creates `.NAME.tmp-PID-N` in `dir` with `create` (which must fail if the path exists),
    /// trying the next N while the name is taken.
    fn create_beside<T>(
        dir: &Path,
        name: &OsStr,
        create: impl Fn(&Path) -> io::Result<T>,
    ) -> io::Result<(PathBuf, T)> {
        let mut last = None;
        for n in 0..100 {
            let mut temp = OsString::from(".");
            temp.push(name);
            temp.push(format!(".tmp-{}-{n}", std::process::id()));
            let temp = dir.join(temp);
            match create(&temp) {
                Ok(made) => return Ok((temp, made)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| io::Error::other("no free temporary name")))
    }

    /// Creates `dir` and its missing parents; returns those it created, deepest first.
    fn create_missing_dirs(dir: &Path) -> Result<Vec<PathBuf>, CliError> {
        let mut missing = Vec::new();
        let mut current = Some(dir);
        while let Some(path) = current.filter(|p| !p.as_os_str().is_empty()) {
            match fs::symlink_metadata(path) {
                Ok(_) => break,
                Err(e) if e.kind() == io::ErrorKind::NotFound => missing.push(path.to_path_buf()),
                Err(e) => return Err(e).context(Action::CreateDirectory, dir),
            }
            current = path.parent();
        }
        for (made, path) in missing.iter().rev().enumerate() {
            if let Err(e) = fs::create_dir(path) {
                if e.kind() != io::ErrorKind::AlreadyExists {
                    remove_created_dirs(&missing[missing.len() - made..]);
                    return Err(e).context(Action::CreateDirectory, path);
                }
            }
        }
        Ok(missing)
    }

    fn remove_created_dirs(created: &[PathBuf]) {
        for dir in created {
            let _ = fs::remove_dir(dir);
        }
    }

    /// Writes the bundle as the directory `output`: in full under a temporary name beside it,
    /// then renamed into place, so a failed run leaves no partial bundle and an earlier bundle at
    /// `output` untouched. Only an earlier bundle (it has `SHA256SUMS`) or an empty directory is
    /// replaced, never an unrelated directory; missing parents are created.
    fn write_bundle_dir(bundle: &Bundle, output: &Path) -> Result<(), CliError> {
        let name = output
            .file_name()
            .ok_or_else(|| CliError::NoName(output.to_path_buf()))?;
        let existing = match fs::symlink_metadata(output) {
            Ok(_) => true,
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(e).context(Action::Inspect, output),
        };
        if existing
            && !output.join("SHA256SUMS").is_file()
            && (!output.is_dir()
                || fs::read_dir(output)
                    .context(Action::ListDirectory, output)?
                    .next()
                    .is_some())
        {
            return Err(CliError::NotABundle(output.to_path_buf()));
        }
        let parent = parent_of(output);
        let created = create_missing_dirs(parent)?;
        let (temp, ()) = match create_beside(parent, name, |p| fs::create_dir(p)) {
            Ok(made) => made,
            Err(e) => {
                remove_created_dirs(&created);
                return Err(e).context(Action::CreateDirectory, output);
            }
        };
        let result = fill_dir(bundle, &temp, output).and_then(|()| {
            if existing {
                replace_dir(&temp, output, name)
            } else {
                fs::rename(&temp, output).context(Action::PutInPlace, output)
            }
        });
        if result.is_err() {
            let _ = fs::remove_dir_all(&temp);
            remove_created_dirs(&created);
        }
        result
    }

    /// Writes every file of the bundle under `dir`; errors name the file's place in `output`.
    /// Creating files is the kernel's work, so the files are shared out to a thread per core
    /// (each a run of consecutive paths, so mostly its own folders).
    fn fill_dir(bundle: &Bundle, dir: &Path, output: &Path) -> Result<(), CliError> {
        let folders: BTreeSet<&str> = bundle
            .files
            .keys()
            .filter_map(|path| path.rsplit_once('/').map(|(folder, _)| folder))
            .collect();
        // In order, so a folder's parent is made before it.
        for folder in folders {
            fs::create_dir_all(dir.join(folder))
                .context(Action::CreateDirectory, &output.join(folder))?;
        }
        let files: Vec<(&String, &BundleFile)> = bundle.files.iter().collect();
        let threads = if files.len() < 256 {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
        };
        let failed = AtomicBool::new(false);
        let write_all = |files: &[(&String, &BundleFile)]| -> Result<(), CliError> {
            for &(path, file) in files {
                // Another thread failed: the whole directory is removed anyway.
                if failed.load(Ordering::Relaxed) {
                    return Ok(());
                }
                write_file(&dir.join(path), file, &output.join(path)).inspect_err(|_| {
                    failed.store(true, Ordering::Relaxed);
                })?;
            }
            Ok(())
        };
        std::thread::scope(|scope| {
            let mut chunks = files.chunks(files.len().div_ceil(threads).max(1));
            let first = chunks.next().unwrap_or_default();
            // A thread that cannot be started writes nothing; its files are written here.
            let (helpers, inline): (Vec<_>, Vec<_>) = chunks
                .map(|chunk| {
                    std::thread::Builder::new()
                        .spawn_scoped(scope, move || write_all(chunk))
                        .map_err(|_| chunk)
                })
                .partition(Result::is_ok);
            let mut results = vec![write_all(first)];
            results.extend(inline.into_iter().filter_map(Result::err).map(write_all));
            results.extend(helpers.into_iter().filter_map(Result::ok).map(|helper| {
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }));
            results.into_iter().collect::<Result<(), CliError>>()
        })
    }

    fn write_file(path: &Path, file: &BundleFile, shown: &Path) -> Result<(), CliError> {
        let mut out = fs::File::create(path).context(Action::WriteFile, shown)?;
        out.write_all(file.contents.as_bytes())
            .context(Action::WriteFile, shown)?;
        #[cfg(unix)]
        if file.executable {
            use std::os::unix::fs::PermissionsExt as _;
            out.set_permissions(fs::Permissions::from_mode(0o755))
                .context(Action::MarkExecutable, shown)?;
        }
        Ok(())
    }

    /// Swaps the complete new bundle `temp` in for the earlier one at `output`; if the swap
    /// fails half way, the earlier bundle is put back.
    fn replace_dir(temp: &Path, output: &Path, name: &OsStr) -> Result<(), CliError> {
        let parent = parent_of(output);
        // The earlier bundle moves aside to a free name (a placeholder directory reserves it).
        let (aside, ()) = create_beside(parent, name, |p| fs::create_dir(p))
            .context(Action::PutInPlace, output)?;
        fs::remove_dir(&aside).context(Action::PutInPlace, output)?;
        fs::rename(output, &aside).context(Action::PutInPlace, output)?;
        if let Err(e) = fs::rename(temp, output) {
            let _ = fs::rename(&aside, output);
            return Err(e).context(Action::PutInPlace, output);
        }
        if let Err(e) = fs::remove_dir_all(&aside) {
            eprintln!(
                "warning: the new bundle is in place, but the earlier one is left at '{}': {}",
                aside.display(),
                os_message(&e)
            );
        }
        Ok(())
    }
}
