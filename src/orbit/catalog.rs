//! The shipped target catalog, `data/targets.toml` (embedded): real
//! near-Earth asteroids with their orbits and physical data, each with its
//! sources in the file. Names are matched ignoring case, with a space
//! standing for a hyphen ("2008 EV5" is `2008-ev5`).

use super::ephemeris::{Elements, Orbit};
use std::sync::OnceLock;

/// The catalog's text, as shipped.
pub const CATALOG_TOML: &str = include_str!("../../data/targets.toml");

/// One catalog target.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The key scenarios use, lower case (e.g. `bennu`).
    pub name: String,
    /// Number and designation.
    pub designation: String,
    /// Spectral type (Tholen/Bus), e.g. `B`, `Cb`, `S`.
    pub spectral_type: String,
    /// Mean (volume-equivalent) diameter, m.
    pub diameter_m: f64,
    /// Dimensions as published.
    pub dimensions: String,
    /// Bulk density, kg/m³; `None` where no mass has been measured.
    pub bulk_density_kg_m3: Option<f64>,
    /// Rotation period, hours.
    pub rotation_h: f64,
    /// Where the numbers come from.
    pub source: String,
    /// The orbit, validated.
    pub orbit: Orbit,
}

/// An unknown name or a catalog that does not load.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogError {
    /// No target of that name; the message lists the known ones.
    #[error("unknown target \"{name}\": the catalog knows {}", known.join(", "))]
    Unknown {
        /// The name asked for.
        name: String,
        /// The catalog's names.
        known: Vec<String>,
    },
    /// The catalog text is malformed.
    #[error("the target catalog is invalid: {0}")]
    Invalid(String),
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    target: Vec<Entry>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    designation: String,
    spectral_type: String,
    diameter_m: f64,
    dimensions: String,
    bulk_density_kg_m3: Option<f64>,
    rotation_h: f64,
    source: String,
    orbit: Elements,
}

/// Parses a catalog in the format of `data/targets.toml`; every orbit must
/// be elliptic, sizes and rotation positive, names unique.
pub fn parse_catalog(text: &str) -> Result<Vec<Target>, CatalogError> {
    let file: File = toml::from_str(text).map_err(|e| CatalogError::Invalid(e.to_string()))?;
    let mut targets: Vec<Target> = Vec::with_capacity(file.target.len());
    for entry in file.target {
        let bad = |what: String| CatalogError::Invalid(format!("target {}: {what}", entry.name));
        let positive = [
            ("diameter_m", Some(entry.diameter_m)),
            ("rotation_h", Some(entry.rotation_h)),
            ("bulk_density_kg_m3", entry.bulk_density_kg_m3),
        ];
        if let Some((key, Some(v))) = positive
            .iter()
            .find(|(_, v)| v.is_some_and(|v| !(v.is_finite() && v > 0.0)))
        {
            return Err(bad(format!("{key} = {v} must be a finite number > 0")));
        }
        if targets.iter().any(|t| t.name == entry.name) || normalize(&entry.name) != entry.name {
            return Err(bad(
                "names must be unique, lower case, without spaces".into()
            ));
        }
        let orbit = Orbit::new(entry.orbit).map_err(|e| bad(e.to_string()))?;
        targets.push(Target {
            name: entry.name,
            designation: entry.designation,
            spectral_type: entry.spectral_type,
            diameter_m: entry.diameter_m,
            dimensions: entry.dimensions,
            bulk_density_kg_m3: entry.bulk_density_kg_m3,
            rotation_h: entry.rotation_h,
            source: entry.source,
            orbit,
        });
    }
    Ok(targets)
}

fn normalize(name: &str) -> String {
    name.trim().to_lowercase().replace(' ', "-")
}

/// The shipped catalog, parsed once.
pub fn catalog() -> Result<&'static [Target], CatalogError> {
    static CATALOG: OnceLock<Result<Vec<Target>, CatalogError>> = OnceLock::new();
    match CATALOG.get_or_init(|| parse_catalog(CATALOG_TOML)) {
        Ok(targets) => Ok(targets),
        Err(e) => Err(e.clone()),
    }
}

/// The shipped target called `name` (case ignored, space for hyphen); an
/// unknown name is an error listing the known ones.
pub fn target(name: &str) -> Result<&'static Target, CatalogError> {
    let targets = catalog()?;
    let key = normalize(name);
    targets
        .iter()
        .find(|t| t.name == key)
        .ok_or_else(|| CatalogError::Unknown {
            name: name.to_owned(),
            known: targets.iter().map(|t| t.name.clone()).collect(),
        })
}
