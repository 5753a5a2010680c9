// Converts the country boundaries of the npm package `world-atlas` (Natural Earth, public
// domain; TopoJSON) into data/map/countries.tsv, the compact file dossier-map embeds.
//
//   node scripts/map/build.mjs target/map-src/package/countries-50m.json > data/map/countries.tsv
//
// Output: a header of comments, then one line per country:
//   ISO numeric id <TAB> name <TAB> rings
// where rings are separated by ';' and each ring is "lon,lat lon,lat ..." in degrees with two
// decimals (about 1 km), consecutive duplicate points dropped. Holes and islands are rings of
// the same country; dossier draws them with the even-odd rule. No dependency: the TopoJSON
// arcs are decoded here (delta-encoded, quantized by `transform`).
import { readFileSync } from "node:fs";

const path = process.argv[2];
if (!path) {
  console.error("usage: node scripts/map/build.mjs countries-50m.json > data/map/countries.tsv");
  process.exit(2);
}
const topo = JSON.parse(readFileSync(path, "utf8"));
const { scale, translate } = topo.transform;

// Decode every arc into absolute [lon, lat] points.
const arcs = topo.arcs.map((arc) => {
  let x = 0, y = 0;
  return arc.map(([dx, dy]) => {
    x += dx; y += dy;
    return [x * scale[0] + translate[0], y * scale[1] + translate[1]];
  });
});

// A ring is a list of arc indexes; a negative index ~i means arc i reversed.
function ring(indexes) {
  const points = [];
  for (const i of indexes) {
    const arc = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
    arc.forEach((p, k) => { if (k > 0 || points.length === 0) points.push(p); });
  }
  return points;
}

function fmt(points) {
  const out = [];
  let last = "";
  for (const [x, y] of points) {
    const s = `${x.toFixed(2)},${y.toFixed(2)}`;
    if (s !== last) out.push(s);
    last = s;
  }
  return out.length >= 4 ? out.join(" ") : null;
}

const lines = [
  "# Country boundaries from Natural Earth (public domain), via the npm package world-atlas",
  `# (${path.split("/").pop()}), converted by scripts/map/build.mjs. See ATTRIBUTION.md.`,
  "# id<TAB>name<TAB>rings separated by ';', each ring 'lon,lat lon,lat ...'",
];
for (const g of topo.objects.countries.geometries) {
  const polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
  const rings = [];
  for (const poly of polys) for (const r of poly) {
    const s = fmt(ring(r));
    if (s) rings.push(s);
  }
  if (rings.length === 0) continue;
  const name = (g.properties && g.properties.name) || "";
  lines.push(`${g.id ?? ""}\t${name.replace(/[\t\n]/g, " ")}\t${rings.join(";")}`);
}
process.stdout.write(lines.join("\n") + "\n");
