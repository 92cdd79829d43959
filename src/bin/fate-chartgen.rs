//! `fate-chartgen`: the command-line face of the generator core.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::fs;
    use std::io::Write as _;
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

    use clap::{Parser, Subcommand};
    use fate_chartgen::generator::bundle::{generate_scoped, Bundle, Scope};
    use fate_chartgen::generator::federation::{validate, Federation, FederationError, OsRandom};
    use fate_chartgen::generator::input::{self, InputKind};
    use fate_chartgen::generator::{archive, schema, share, Config};

    /// Generates Helm charts that deploy a FATE 1.2/1.3 federation on Kubernetes: one chart per
    /// party (`fate-<id>/`) and one for the exchange (`fate-exchange/`), with install scripts.
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
            /// Reuse passwords: an earlier bundle (zip or directory) or a YAML map
            /// `<party id>: {mysqlRootPassword, mysqlPassword, redisPassword}`.
            #[arg(long, value_name = "FILE")]
            credentials: Option<PathBuf>,
            /// Only this party's chart (for the organisation that runs it).
            #[arg(long, value_name = "ID", conflicts_with_all = ["exchange_only", "per_party"])]
            party: Option<String>,
            /// Only the exchange chart.
            #[arg(long = "exchange-only", conflicts_with = "per_party")]
            exchange_only: bool,
            /// Write one zip per party and one for the exchange into the directory OUT.
            #[arg(long)]
            per_party: bool,
            /// Output: `bundle.zip` or a directory (replaced if it holds an earlier bundle).
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

    /// A failure with the message the user sees.
    struct Failure(String);

    impl<E: std::fmt::Display> From<E> for Failure {
        fn from(error: E) -> Self {
            Failure(error.to_string())
        }
    }

    pub fn main() -> ExitCode {
        let cli = Cli::parse();
        match run(cli.command) {
            Ok(code) => code,
            Err(Failure(message)) => {
                eprintln!("error: {}", message.trim_end());
                ExitCode::FAILURE
            }
        }
    }

    fn read_text(path: &Path) -> Result<String, Failure> {
        fs::read_to_string(path)
            .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))
    }

    fn read_config(input: &Path, env: Option<&Path>) -> Result<Config, Failure> {
        let text = read_text(input)?;
        let env_text = env.map(read_text).transpose()?;
        let read = input::read(&text, env_text.as_deref())
            .map_err(|e| Failure(format!("{}: {e}", input.display())))?;
        for note in &read.notes {
            eprintln!("note: {note}");
        }
        Ok(read.config)
    }

    fn run(command: Command) -> Result<ExitCode, Failure> {
        match command {
            Command::Schema => {
                print!("{}", schema::config_schema_json());
            }
            Command::Import { kube_cfg, env } => {
                let text = read_text(&kube_cfg)?;
                if input::detect(&text) != InputKind::KubeCfg {
                    return Err(Failure(format!(
                        "{} is not a kube.cfg (no `name=value` lines); it looks like a config document",
                        kube_cfg.display()
                    )));
                }
                let config = read_config(&kube_cfg, env.as_deref())?;
                let errors = validate(&config);
                print!("{}", serde_yaml::to_string(&config)?);
                if !errors.is_empty() {
                    eprint!("warning: the imported document needs fixing before it can generate:\n{errors}");
                }
            }
            Command::Validate { input, env } => {
                let config = read_config(&input, env.as_deref())?;
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
                let config = read_config(&input, env.as_deref())?;
                let errors = validate(&config);
                if !errors.is_empty() {
                    eprint!("warning: the shared configuration is not valid yet:\n{errors}");
                }
                println!("{}", share::link(&base_url, &config));
            }
            Command::Generate {
                input,
                env,
                credentials,
                party,
                exchange_only,
                per_party,
                output,
            } => {
                let mut config = read_config(&input, env.as_deref())?;
                if let Some(path) = credentials {
                    merge_credentials(&mut config, &path)?;
                }
                let federation = Federation::new(&config, &mut OsRandom).map_err(|e| match e {
                    FederationError::Invalid(errors) => {
                        Failure(format!("{}: {errors}", input.display()))
                    }
                    other => Failure(other.to_string()),
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
                            return Err(Failure(format!(
                                "--party {id}: there is no party with that id"
                            )));
                        }
                        Scope::Party(id)
                    } else if exchange_only {
                        if federation.exchange.is_none() {
                            return Err(Failure(
                                "--exchange-only: the config has no exchange".to_owned(),
                            ));
                        }
                        Scope::Exchange
                    } else {
                        Scope::All
                    };
                    write_bundle(&generate_scoped(&federation, &scope), &output)?;
                }
                if !generated.is_empty() {
                    eprintln!(
                        "note: generated new passwords for party {}; they are in each fate-<id>/values.yaml",
                        generated.join(", ")
                    );
                }
                eprintln!("wrote {}", output.display());
            }
        }
        Ok(ExitCode::SUCCESS)
    }

    /// Passwords from an earlier bundle (zip or directory) or a credentials YAML map.
    fn merge_credentials(config: &mut Config, path: &Path) -> Result<(), Failure> {
        let found = if path.is_dir() {
            input::credentials_from_bundle(&read_dir_bundle(path)?)
        } else {
            let bytes = fs::read(path)
                .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))?;
            if bytes.starts_with(b"PK") {
                let bundle = archive::from_zip(&bytes)
                    .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
                input::credentials_from_bundle(&bundle)
            } else {
                let text = String::from_utf8(bytes)
                    .map_err(|_| Failure(format!("{} is not text", path.display())))?;
                serde_yaml::from_str(&text)
                    .map_err(|e| Failure(format!("{}: {e}", path.display())))?
            }
        };
        if found.is_empty() {
            return Err(Failure(format!("{} holds no passwords", path.display())));
        }
        for (id, credentials) in found {
            config.credentials.entry(id).or_insert(credentials);
        }
        Ok(())
    }

    fn read_dir_bundle(dir: &Path) -> Result<Bundle, Failure> {
        let mut bundle = Bundle::default();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(current) = stack.pop() {
            for entry in fs::read_dir(&current)? {
                let path = entry?.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.file_name().is_some_and(|n| n == "values.yaml") {
                    let relative = path
                        .strip_prefix(dir)
                        .unwrap_or(&path)
                        .to_string_lossy()
                        .replace('\\', "/");
                    bundle.files.insert(
                        relative,
                        fate_chartgen::generator::BundleFile {
                            contents: read_text(&path)?,
                            executable: false,
                        },
                    );
                }
            }
        }
        Ok(bundle)
    }

    fn write_per_party(federation: &Federation, dir: &Path) -> Result<(), Failure> {
        fs::create_dir_all(dir)?;
        let mut scopes: Vec<(String, Scope)> = federation
            .parties
            .iter()
            .map(|p| (p.release(), Scope::Party(p.id.clone())))
            .collect();
        if federation.exchange.is_some() {
            scopes.push(("fate-exchange".to_owned(), Scope::Exchange));
        }
        for (name, scope) in scopes {
            let bytes = archive::to_zip(&generate_scoped(federation, &scope))?;
            fs::write(dir.join(format!("{name}.zip")), bytes)?;
        }
        Ok(())
    }

    fn write_bundle(bundle: &Bundle, output: &Path) -> Result<(), Failure> {
        if output.extension().is_some_and(|e| e == "zip") {
            let bytes = archive::to_zip(bundle)?;
            let mut file = fs::File::create(output)
                .map_err(|e| Failure(format!("cannot write {}: {e}", output.display())))?;
            file.write_all(&bytes)?;
            return Ok(());
        }
        if output.exists() {
            // Replace only what a bundle holds, so stale charts of removed parties cannot linger
            // (the old script left them behind), but never wipe an unrelated directory.
            if !output.join("SHA256SUMS").is_file() && fs::read_dir(output)?.next().is_some() {
                return Err(Failure(format!(
                    "{} exists and is not an earlier bundle; choose an empty or new directory",
                    output.display()
                )));
            }
            fs::remove_dir_all(output)?;
        }
        for (path, file) in &bundle.files {
            let target = output.join(path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&target, &file.contents)?;
            #[cfg(unix)]
            if file.executable {
                use std::os::unix::fs::PermissionsExt as _;
                fs::set_permissions(&target, fs::Permissions::from_mode(0o755))?;
            }
        }
        Ok(())
    }
}
