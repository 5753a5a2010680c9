//! Maps as SVG: country boundaries shipped as data, events drawn as symbols by type.
