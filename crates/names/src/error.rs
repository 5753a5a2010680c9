//! Why a rules file was refused.
//!
//! ```text
//! [[skeleton.rules]] with from = "Gh"  ─►  "skeleton rule 3 (gh/g): `from` must be lower-case ASCII letters"
//! ```

/// A rules file (the format of `data/names.toml`) that does not parse or does not make sense.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// Not TOML, or not in the expected shape (toml's reason, with line and column).
    #[error("names rules: {0}")]
    Toml(#[from] toml::de::Error),
    /// Parses, but a value is out of range or not in folded form.
    #[error("names rules: {section}: {reason}")]
    Invalid {
        /// The section or list at fault, e.g. `tokens.particles`.
        section: String,
        /// What is wrong with it.
        reason: String,
    },
}
