//! `vigie serve`: the DPO's dashboard and the patient's self-check.

use super::Result;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;
use vigie_notify::smtp::{Mailbox, Server};
use vigie_web::auth::{Role, hash_password};

/// The web application over the register: the DPO's dashboard (sign-in, breaches with
/// their deadlines counting down, each breach's facts, severity, obligations, evidence
/// with charts, linked persons, notices, drafts, decisions) and the patient's private
/// self-check (`/check`: by the code printed in their notice, or by contact without ever
/// saying on the page who is affected), with its JSON API (`/api/check/code`,
/// `/api/check/contact`). See docs/serve.md.
///
/// Serve it on loopback behind a TLS reverse proxy (cookies are `Secure`); create the first
/// account with `vigie serve user NAME --role dpo`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    #[command(flatten)]
    register: super::Register,
    /// Address and port to listen on (port 0: any free port, printed).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The reverse proxy's address: its X-Forwarded-For names the client (for the rate
    /// limits).
    #[arg(long, value_name = "IP")]
    trusted_proxy: Option<IpAddr>,
    /// The only directory whose files the dashboard may read: scan roots, link inputs and
    /// results to attach typed in its forms must lie under it (links resolved), and be
    /// regular files (or directories, to scan). Without it the dashboard reads no paths.
    #[arg(long, value_name = "DIR")]
    evidence_dir: Option<PathBuf>,
    /// SMTP server for the answers to contact requests (as for `vigie notify send`).
    #[arg(long, value_name = "URL", requires = "from")]
    smtp: Option<String>,
    /// A certificate authority to trust for the SMTP server (PEM).
    #[arg(long, value_name = "FILE")]
    smtp_ca: Option<PathBuf>,
    /// The sender of those answers.
    #[arg(long, value_name = "MAILBOX")]
    from: Option<String>,
    /// Minutes without a request before a session ends.
    #[arg(long, value_name = "MINUTES", default_value_t = 30)]
    idle: u64,
    /// The controller the patients' check page names (as on the notices).
    #[arg(long, value_name = "NAME")]
    organisation: Option<String>,
    /// The DPO's contact shown on the check page (an address, a mailbox, a phone).
    #[arg(long, value_name = "CONTACT")]
    dpo: Option<String>,
    /// The controller's logo on the check page: a PNG, JPEG or SVG file of 256 KiB at most.
    #[arg(long, value_name = "FILE")]
    logo: Option<PathBuf>,
    /// Self-checks per client address per 10 minutes.
    #[arg(long, value_name = "N", default_value_t = 30)]
    checks_per_client: u32,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Create an account, or change its role and password. The password is read from
    /// $VIGIE_PASSWORD, else from the first line of standard input; at least 12
    /// characters. Roles: dpo (everything), analyst (read, attach evidence), viewer (read).
    /// A running server ends the account's sessions within seconds of a change.
    User {
        name: String,
        #[arg(long, value_name = "ROLE", required_unless_present = "delete")]
        role: Option<String>,
        /// Remove the account (its sessions end within seconds).
        #[arg(long, conflicts_with_all = ["role", "case", "every_case"])]
        delete: bool,
        /// The only cases the account may see (repeatable): a processor's staff their
        /// processor's case (with its controllers' status, not their persons), a
        /// controller's DPO their own. Any other case is answered as one that does not
        /// exist. Without it, an account keeps the cases it had (a new one: every case).
        #[arg(long, value_name = "REFERENCE")]
        case: Vec<String>,
        /// The account may see every case again.
        #[arg(long, conflicts_with = "case")]
        every_case: bool,
    },
}

pub fn run(args: Args) -> Result<u8> {
    let mut store = args.register.open()?;
    if let Some(Sub::User {
        name,
        role,
        delete,
        case,
        every_case,
    }) = &args.command
    {
        if *delete {
            if !store
                .delete_account(name, &operator(), jiff::Timestamp::now())
                .map_err(String::from)?
            {
                return Err(format!("no account {name:?}").into());
            }
            eprintln!("vigie: account {name} removed");
            return Ok(0);
        }
        let role = role.as_deref().unwrap_or_default();
        let role =
            Role::parse(role).ok_or_else(|| format!("--role {role:?}: dpo, analyst or viewer"))?;
        let password = match std::env::var("VIGIE_PASSWORD") {
            Ok(p) => p,
            Err(_) => {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                line.trim_end_matches(['\r', '\n']).to_string()
            }
        };
        let hash = hash_password(&password)?;
        // An unknown case is refused before the account is touched: never an account
        // that sees every case because its list was wrong.
        for reference in case {
            store.get(reference)?;
        }
        store
            .set_account(name, role.id(), &hash, &operator(), jiff::Timestamp::now())
            .map_err(String::from)?;
        if !case.is_empty() || *every_case {
            store
                .set_account_cases(name, case, &operator(), jiff::Timestamp::now())
                .map_err(String::from)?;
        }
        let sees = store.account(name)?.map(|a| a.cases).unwrap_or_default();
        if sees.is_empty() {
            eprintln!("vigie: account {name} ({}), every case", role.id());
        } else {
            eprintln!(
                "vigie: account {name} ({}), cases {}",
                role.id(),
                sees.join(", ")
            );
        }
        return Ok(0);
    }
    let smtp = match (&args.smtp, &args.from) {
        (Some(url), Some(from)) => {
            let mut server = Server::parse(url, std::env::var("VIGIE_SMTP_PASSWORD").ok())?;
            if let Some(ca) = &args.smtp_ca {
                server.ca = Some(std::fs::read(ca).map_err(|e| format!("{}: {e}", ca.display()))?);
            }
            let from: Mailbox = from.parse().map_err(|e| format!("--from {from:?}: {e}"))?;
            Some((server, from))
        }
        _ => None,
    };
    if store.accounts().map_err(String::from)?.is_empty() {
        eprintln!("vigie: no account yet: create one with `vigie serve user NAME --role dpo`");
    }
    if let Some(d) = &args.evidence_dir
        && !d.is_dir()
    {
        return Err(format!("--evidence-dir {}: not a directory", d.display()).into());
    }
    let limits = vigie_web::check::Limits {
        client: vigie_web::check::Limiter::new(args.checks_per_client, Duration::from_secs(600)),
        ..Default::default()
    };
    let config = vigie_web::Config {
        listen: args.listen,
        location: args.register.location(),
        trusted_proxy: args.trusted_proxy,
        smtp,
        idle: Duration::from_secs(args.idle * 60),
        limits,
        evidence_dir: args.evidence_dir.clone(),
        fingerprint_key: super::key_path(None),
        controller: vigie_web::Controller {
            name: args.organisation.clone(),
            dpo: args.dpo.clone(),
            logo: args
                .logo
                .as_deref()
                .map(vigie_web::Controller::logo)
                .transpose()?,
        },
    };
    vigie_web::run(store, config)?;
    Ok(0)
}

/// Who changes an account, as the history records it: the system account that ran the
/// command, else the command itself (never "unknown").
fn operator() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "vigie serve user".into())
}
