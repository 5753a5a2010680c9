//! The web app end to end: the real binary serves a knowledge base on a free port and plain
//! HTTP requests check pages, the JSON API, the OpenAPI document, access rules and escaping of
//! hostile report text.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_dossier");

/// A report (plain text, so every character is kept) whose names, links and citations carry
/// script payloads; its title and publisher are given on the command line with more.
const HOSTILE: &str = "Raids near <script>alert('heading')</script> Menaka

On 4 March 2023, fighters of the <img src=x onerror=alert('name')> Brigade attacked the town of Menaka, according to residents.[1] Their commander, Abu <svg/onload=alert('svg')> Musa, said the raid answered army strikes.[2] A local radio station posted a video at javascript:alert('link') and a map at data:text/html,<script>alert('data')</script> of the aftermath.

[1] Sahel Monitor, \"Menaka raid <script>alert('cite')</script>\", 5 March 2023, javascript:alert('url').
[2] Radio Menaka, \"Commander speaks\", 6 March 2023, https://example.org/commander?a=1&b=\"><script>alert('q')</script>.
";

const HOSTILE_TITLE: &str =
    "Field note <script>alert('title')</script> \"><img src=x onerror=alert('t2')>";

/// The payloads that must never come back as markup.
const PAYLOAD_MARKUP: &[&str] = &[
    "<script>alert",
    "<img src=x",
    "<svg onload",
    "<svg/onload",
    "href=\"javascript:",
    "href=\"data:",
];

struct Server {
    child: Child,
    addr: String,
    _dir: tempfile::TempDir,
    db: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dossier(db: &Path, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let mut child = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

/// A knowledge base with the example reports, the hostile report, an entity with a hostile
/// name, and users; served on a free port.
fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let out = dossier(
        &db,
        &[
            "demo",
            "--into",
            db.to_str().unwrap(),
            "--build-only",
            "--examples",
            examples,
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = dir.path().join("hostile.txt");
    std::fs::write(&report, HOSTILE).unwrap();
    let args = [
        "ingest",
        report.to_str().unwrap(),
        "--url",
        "javascript:alert('srcurl')",
        "--title",
        HOSTILE_TITLE,
        "--publisher",
        "<svg onload=alert('pub')>Desk</svg>",
    ];
    let out = dossier(&db, &args, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "INSERT INTO entities (type, name) VALUES ('person', '<script>alert(''entity'')</script>');
             INSERT INTO names (entity, name, folded) VALUES (last_insert_rowid(), '\"><svg onload=alert(''alias'')>', 'svg onload alert alias');",
        )
        .unwrap();
    }
    for (name, role) in [("ana", "analyst"), ("vic", "viewer")] {
        let out = dossier(
            &db,
            &["user", "add", name, "--role", role],
            Some("a long password\n"),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut child = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    Server {
        child,
        addr,
        _dir: dir,
        db,
    }
}

/// A response: status, headers (lower-case names), body.
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

fn request(s: &Server, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
        s.addr,
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_string()
    };
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// `POST /api/sources?name=NAME` with the bytes, with or without an Authorization header.
fn upload(s: &Server, name: &str, auth: Option<&str>, body: &[u8]) -> Resp {
    let path = format!("/api/sources?name={name}");
    match auth {
        Some(a) => request(s, "POST", &path, &[("Authorization", a)], body),
        None => request(s, "POST", &path, &[], body),
    }
}

/// The CSRF token of a page's form.
fn csrf_of(page: &str) -> String {
    let rest = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .expect("a CSRF field");
    rest.split('"').next().unwrap_or("").to_string()
}

/// The ids of the first two people.
fn two_people(s: &Server) -> Vec<i64> {
    get(s, "/api/entities?type=person")
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .take(2)
        .collect()
}

fn get(s: &Server, path: &str) -> Resp {
    request(s, "GET", path, &[], b"")
}

fn assert_no_payload(path: &str, body: &str) {
    for p in PAYLOAD_MARKUP {
        assert!(!body.contains(p), "{path} contains {p:?}");
    }
    // No tag carries an event handler or a script URL.
    for tag in body
        .split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap_or(""))
    {
        let tag = tag.to_ascii_lowercase();
        for bad in ["onerror", "onload", "onclick", "javascript:", "data:text"] {
            assert!(!tag.contains(bad), "{path}: tag <{tag}>");
        }
    }
    // The only script is ours.
    for (i, _) in body.match_indices("<script") {
        assert!(
            body[i..].starts_with("<script src=\"/assets/app.js\" defer></script>"),
            "{path}: {}",
            &body[i..(i + 60).min(body.len())]
        );
    }
    assert!(!body.contains(" style=\""), "{path}: inline style");
}

#[test]
fn hostile_text_comes_back_escaped_on_every_page() {
    let s = start();
    let sources = get(&s, "/api/sources").json();
    let hostile = sources
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["title"].as_str().unwrap_or("").contains("Field note"))
        .unwrap_or_else(|| panic!("the hostile report is stored: {sources}"))["id"]
        .as_str()
        .unwrap()
        .to_string();
    let entities = get(&s, "/api/entities").json();
    let evil = entities
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"].as_str().unwrap_or("").contains("<script>"))
        .expect("the hostile entity")["id"]
        .as_i64()
        .unwrap();
    let mut paths = vec![
        "/".to_string(),
        "/sources".into(),
        "/entities".into(),
        format!("/sources/{hostile}"),
        format!("/entities/{evil}"),
        format!("/graph/{evil}"),
        "/search?q=script".into(),
        "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E".into(),
        "/search?q=Menaka".into(),
        "/timeline?actor=%3Cscript%3E".into(),
        "/timeline".into(),
        "/map".into(),
        "/login?next=javascript:alert(1)".into(),
    ];
    for e in entities.as_array().unwrap() {
        paths.push(format!("/entities/{}", e["id"]));
    }
    for path in &paths {
        let r = get(&s, path);
        assert!(r.status == 200 || r.status == 404, "{path}: {}", r.status);
        assert_eq!(
            r.header("content-security-policy"),
            Some(dossier::web::CSP),
            "{path}"
        );
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_no_payload(path, &r.body);
    }
    // The payloads are there, as text.
    let page = get(&s, &format!("/sources/{hostile}")).body;
    assert!(
        page.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"),
        "title shown as text"
    );
    assert!(
        page.contains("&lt;img src=x onerror=alert(&#39;name&#39;)&gt;"),
        "body text shown as text"
    );
    assert!(
        page.contains("rel=\"noopener noreferrer nofollow\""),
        "outside links carry no referrer"
    );
    let page = get(&s, &format!("/entities/{evil}")).body;
    assert!(page.contains("&lt;script&gt;alert(&#39;entity&#39;)&lt;/script&gt;"));
    assert!(page.contains("&quot;&gt;&lt;svg onload=alert(&#39;alias&#39;)&gt;"));
    // The SVG map file too.
    let svg = get(&s, "/map.svg");
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    assert_no_payload("/map.svg", &svg.body);
    // JSON is JSON: the payload is a string in it, and the type says so.
    let r = get(&s, &format!("/api/entities/{evil}"));
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    assert_eq!(
        r.json()["entity"]["name"],
        "<script>alert('entity')</script>"
    );
}

#[test]
fn every_documented_route_answers_and_the_profile_has_sources() {
    let s = start();
    let doc = get(&s, "/api/openapi.json").json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/search",
        "/api/entities",
        "/api/entities/{id}",
        "/api/entities/{id}/timeline",
        "/api/entities/{id}/graph",
        "/api/asof",
        "/api/timeline",
        "/api/map/features",
        "/api/sources",
        "/api/sources/{id}",
        "/api/sources/{id}/citations",
        "/api/review",
        "/api/audit",
        "/api/match",
        "/api/assessments",
        "/api/assessments/{id}",
        "/api/review/judge",
        "/api/review/merge",
    ] {
        assert!(paths.contains_key(p), "{p} is not documented");
    }
    let sources = get(&s, "/api/sources").json();
    let source = sources[0]["id"].as_str().unwrap().to_string();
    let found = get(&s, "/api/search?q=Ghaly").json();
    let ghali = found["entities"][0]["id"]
        .as_i64()
        .expect("a spelling variant finds the entity");
    assert!(
        found["entities"][0]["names"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().unwrap().contains("Ghali"))
    );
    assert!(!found["sentences"].as_array().unwrap().is_empty());
    // Screening: another spelling of the man finds him, with reasons.
    let m = get(&s, "/api/match?name=Iyad+Ag+Ghaly&type=person").json();
    let best = &m["responses"]["match"]["results"][0];
    assert_eq!(best["id"], ghali.to_string(), "{m}");
    assert_eq!(get(&s, "/api/match?name=x&type=ship").status, 400);
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            let mut url = path.replace(
                "{id}",
                if path.starts_with("/api/sources/") {
                    &source
                } else {
                    "ID"
                },
            );
            url = url.replace("ID", &ghali.to_string());
            let required: Vec<String> = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .filter(|p| p["required"] == true && p["in"] == "query")
                        .map(|p| {
                            let v = match p["name"].as_str().unwrap() {
                                "entity" => ghali.to_string(),
                                "date" => "2019".into(),
                                "name" if path == "/api/match" => "Iyad+Ag+Ghaly".into(),
                                "name" => "x.txt".into(),
                                _ => "x".into(),
                            };
                            format!("{}={v}", p["name"].as_str().unwrap())
                        })
                        .collect()
                })
                .unwrap_or_default();
            if path == "/api/search" {
                url.push_str("?q=Ghaly");
            } else if !required.is_empty() {
                url = format!("{url}?{}", required.join("&"));
            }
            let r = request(&s, &method.to_uppercase(), &url, &[], b"hello");
            assert!(
                r.status != 404 && r.status != 405,
                "{method} {url}: {} {}",
                r.status,
                r.body
            );
            if method == "get" && path != "/api/audit" {
                assert_eq!(r.status, 200, "{url}: {}", r.body);
                r.json();
            }
        }
    }
    // The profile: every line carries footnotes, and every footnote its source and sentence.
    let p = get(&s, &format!("/api/entities/{ghali}")).json();
    let sections = p["sections"].as_array().unwrap();
    assert!(!sections.is_empty(), "{p}");
    for line in sections.iter().flat_map(|s| s["lines"].as_array().unwrap()) {
        assert!(!line["notes"].as_array().unwrap().is_empty(), "{line}");
    }
    for f in p["footnotes"].as_array().unwrap() {
        assert!(f["source"]["id"].is_string(), "{f}");
    }
    // The profile page footnotes each line to a sentence anchor of a source page.
    let page = get(&s, &format!("/entities/{ghali}")).body;
    let notes = page
        .split("<section class=\"notes\">")
        .nth(1)
        .expect("footnotes");
    let link = notes
        .split("href=\"")
        .skip(1)
        .filter_map(|l| l.split('"').next())
        .find(|l| l.starts_with("/sources/") && l.contains("#s"))
        .expect("a footnote links to a sentence of a source");
    let (src_path, anchor) = link.split_once('#').unwrap();
    let src_page = get(&s, src_path).body;
    assert!(
        src_page.contains(&format!("id=\"{anchor}\"")),
        "the sentence anchor exists"
    );
    // Map and graph pages draw SVG.
    assert!(
        get(&s, "/map")
            .body
            .contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\"")
    );
    let g = get(&s, &format!("/graph/{ghali}?asof=2019"));
    assert!(g.body.contains("class=\"graph\""), "{}", g.status);
    assert_eq!(
        get(&s, &format!("/graph/{ghali}?asof=not-a-date")).status,
        400
    );
}

#[test]
fn writes_need_an_analyst_and_are_audited() {
    let s = start();
    let report = b"On 2 May 2023, militants attacked a checkpoint near Gao, residents said.";
    let r = upload(&s, "note.txt", None, report);
    assert_eq!(r.status, 401, "{}", r.body);
    assert!(r.json()["error"].is_string());
    let viewer = String::from_utf8(dossier(&s.db, &["user", "token", "vic"], None).stdout).unwrap();
    let analyst =
        String::from_utf8(dossier(&s.db, &["user", "token", "ana"], None).stdout).unwrap();
    let bearer = |t: &str| format!("Bearer {}", t.trim());
    let r = upload(&s, "note.txt", Some(&bearer(&viewer)), report);
    assert_eq!(r.status, 403, "{}", r.body);
    let r = upload(&s, "note.txt", Some("Bearer nonsense"), report);
    assert_eq!(r.status, 401);
    let r = upload(&s, "note.exe", Some(&bearer(&analyst)), report);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.json()["error"].as_str().unwrap().contains("note.exe"));
    let r = upload(&s, "note.txt", Some(&bearer(&analyst)), report);
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_string();
    assert_eq!(r.json()["status"], "ingested");
    assert_eq!(get(&s, &format!("/api/sources/{id}")).status, 200);
    // Too large a body is refused before reading it all.
    let big = vec![b'a'; 9 << 20];
    let r = upload(&s, "big.txt", Some(&bearer(&analyst)), &big);
    assert_eq!(r.status, 413);
    // Merging two entities: an analyst's judgement, re-resolved; the absorbed one redirects.
    let people: Vec<i64> = two_people(&s);
    // Both profiles are seen (and cached) before the merge.
    for id in &people {
        assert_eq!(get(&s, &format!("/entities/{id}")).status, 200);
        assert_eq!(get(&s, &format!("/api/entities/{id}")).status, 200);
    }
    let body = format!("{{\"a\": {}, \"b\": {}}}", people[0], people[1]);
    let json = ("Content-Type", "application/json");
    let r = request(&s, "POST", "/api/review/merge", &[json], body.as_bytes());
    assert_eq!(r.status, 401);
    let r = request(
        &s,
        "POST",
        "/api/review/merge",
        &[json, ("Authorization", &bearer(&analyst))],
        body.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let live = r.json()["entity"].as_i64().unwrap();
    let gone = if live == people[0] {
        people[1]
    } else {
        people[0]
    };
    let r = get(&s, &format!("/entities/{gone}"));
    assert_eq!(
        r.status, 303,
        "the absorbed entity's page sends to the live one"
    );
    assert_eq!(
        r.header("location"),
        Some(format!("/entities/{live}").as_str())
    );
    let r = get(&s, &format!("/api/entities/{gone}"));
    assert_eq!(r.status, 303);
    assert_eq!(
        r.header("location"),
        Some(format!("/api/entities/{live}").as_str())
    );
    let r = request(
        &s,
        "POST",
        "/api/review/merge",
        &[json, ("Authorization", &bearer(&analyst))],
        body.as_bytes(),
    );
    assert_eq!(r.status, 400, "already one entity: {}", r.body);
    // Editing: an analyst records that a judgement came true.
    let open = get(&s, "/api/assessments?status=open").json();
    let judgement = open[0]["id"]
        .as_i64()
        .expect("the examples have open judgements");
    let path = format!("/api/assessments/{judgement}");
    let decision = br#"{"status": "came_true", "note": "seen in later reporting"}"#;
    let r = request(&s, "POST", &path, &[json], decision);
    assert_eq!(r.status, 401);
    let r = request(
        &s,
        "POST",
        &path,
        &[json, ("Authorization", &bearer(&analyst))],
        decision,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["status"], "came_true");
    let bad = br#"{"status": "maybe"}"#;
    let r = request(
        &s,
        "POST",
        &path,
        &[json, ("Authorization", &bearer(&analyst))],
        bad,
    );
    assert_eq!(r.status, 400, "{}", r.body);
    let queue = get(&s, "/api/review").json();
    assert!(queue["candidates"].is_array() && queue["low_confidence"].is_array());
    // The audit log (admins only) names who did what.
    let r = get(&s, "/api/audit");
    assert_eq!(r.status, 401);
    dossier(
        &s.db,
        &["user", "add", "root", "--role", "admin"],
        Some("another long one\n"),
    );
    let admin = String::from_utf8(dossier(&s.db, &["user", "token", "root"], None).stdout).unwrap();
    let log = request(
        &s,
        "GET",
        "/api/audit",
        &[("Authorization", &bearer(&admin))],
        b"",
    )
    .json();
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|l| l["action"] == "judge" && l["user"] == "ana")
    );
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|l| l["action"] == "resolve judgement")
    );
    let ingest = log
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["action"] == "ingest")
        .expect("the ingest is audited");
    assert_eq!(ingest["user"], "ana");
    assert_eq!(ingest["target"], id.as_str());

    // Browser sessions: the login form's CSRF token, then the session's on every form.
    let form = get(&s, "/login");
    let cookie = form
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let csrf = csrf_of(&form.body);
    let form_type = ("Content-Type", "application/x-www-form-urlencoded");
    let body = format!("name=ana&password=a+long+password&csrf={csrf}&next=%2Freview");
    let r = request(&s, "POST", "/login", &[form_type], body.as_bytes());
    assert_eq!(r.status, 403, "no login cookie: refused");
    let wrong = format!("name=ana&password=wrong&csrf={csrf}");
    let r = request(
        &s,
        "POST",
        "/login",
        &[form_type, ("Cookie", &cookie)],
        wrong.as_bytes(),
    );
    assert_eq!(r.status, 401);
    let r = request(
        &s,
        "POST",
        "/login",
        &[form_type, ("Cookie", &cookie)],
        body.as_bytes(),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), Some("/review"));
    let session = r.header("set-cookie").unwrap();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Strict"));
    let session = session.split(';').next().unwrap().to_string();
    let review = request(&s, "GET", "/review", &[("Cookie", &session)], b"");
    assert_eq!(review.status, 200);
    let upload = request(&s, "GET", "/upload", &[("Cookie", &session)], b"");
    let token = csrf_of(&upload.body);
    let text = "name=paste.txt&text=On+3+June+2023+a+convoy+was+ambushed+near+Ansongo.";
    let r = request(
        &s,
        "POST",
        "/upload",
        &[form_type, ("Cookie", &session)],
        text.as_bytes(),
    );
    assert_eq!(r.status, 403, "a form without the CSRF token is refused");
    let with = format!("{text}&csrf={token}");
    let r = request(
        &s,
        "POST",
        "/upload",
        &[form_type, ("Cookie", &session)],
        with.as_bytes(),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.header("location").unwrap().starts_with("/sources/"));
}

#[test]
fn bad_requests_get_clear_answers() {
    let s = start();
    let r = get(&s, "/api/entities/99999999");
    assert_eq!(r.status, 404);
    assert!(r.json()["error"].as_str().unwrap().contains("99999999"));
    assert_eq!(get(&s, "/api/entities/abc").status, 400);
    assert_eq!(get(&s, "/sources/zz").status, 400);
    assert_eq!(get(&s, "/sources/abcdef0123").status, 404);
    let r = get(&s, "/api/timeline?from=someday");
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("someday"));
    assert_eq!(get(&s, "/api/search").status, 400);
    assert_eq!(get(&s, "/no/such/page").status, 404);
    assert_eq!(get(&s, "/api/asof?entity=1&date=yesterday").status, 400);
}

#[test]
fn map_command_writes_an_svg_file() {
    let s = start();
    let out_path = s.db.with_file_name("events.svg");
    let out = dossier(
        &s.db,
        &[
            "map",
            "--from",
            "2013",
            "--to",
            "2024",
            "--title",
            "Events 2013-2024",
            "--out",
            out_path.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&out_path).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("Events 2013-2024"));
    assert!(svg.contains("class=\"ev\""), "events drawn");
    let out = dossier(
        &s.db,
        &[
            "map",
            "--actor",
            "Nobody Ever Named",
            "--out",
            out_path.to_str().unwrap(),
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Nobody Ever Named"));
}

/// The headers of a response that do not depend on when it was sent.
fn stable_headers(r: &Resp) -> Vec<(String, String)> {
    let mut h: Vec<(String, String)> = r
        .headers
        .iter()
        .filter(|(k, _)| k != "date")
        .cloned()
        .collect();
    h.sort();
    h
}

#[test]
fn cached_answers_are_the_routers_and_follow_other_programs_writes() {
    let s = start();
    let people: Vec<i64> = two_people(&s);
    assert_eq!(people.len(), 2, "the examples name two people");
    for path in [
        format!("/api/entities/{}", people[0]),
        format!("/entities/{}", people[0]),
        "/".to_string(),
    ] {
        // The first is made by the handler, the second comes from the cache before the
        // router; one with a cookie (no session) always goes through the router.
        let made = get(&s, &path);
        let cached = get(&s, &path);
        let routed = request(&s, "GET", &path, &[("Cookie", "theme=dark")], b"");
        assert_eq!(made.status, 200, "{path}: {}", made.body);
        for r in [&cached, &routed] {
            assert_eq!(r.status, made.status, "{path}");
            assert_eq!(r.body, made.body, "{path}");
            assert_eq!(stable_headers(r), stable_headers(&made), "{path}");
        }
        assert_eq!(
            cached.header("content-security-policy"),
            Some(dossier::web::CSP),
            "{path}"
        );
        assert_eq!(cached.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(cached.header("x-frame-options"), Some("DENY"));
        assert_eq!(cached.header("referrer-policy"), Some("no-referrer"));
    }
    // A browser that kept an answer asks with its tag: 304, no body, by either way in.
    let json = format!("/api/entities/{}", people[0]);
    let first = get(&s, &json);
    let tag = first
        .header("etag")
        .expect("a cached answer has a tag")
        .to_string();
    assert_eq!(first.header("cache-control"), Some("no-cache"));
    for extra in [None, Some(("Cookie", "theme=dark"))] {
        let mut headers = vec![("If-None-Match", tag.as_str())];
        headers.extend(extra);
        let r = request(&s, "GET", &json, &headers, b"");
        assert_eq!(r.status, 304, "{extra:?}");
        assert!(r.body.is_empty());
        assert_eq!(r.header("etag"), Some(tag.as_str()));
        assert_eq!(r.header("x-frame-options"), Some("DENY"));
        let other = request(&s, "GET", &json, &[("If-None-Match", "\"other\"")], b"");
        assert_eq!(other.status, 200);
        assert_eq!(other.body, first.body);
    }
    // A query string or a bad token never take a cached answer.
    assert_eq!(get(&s, &format!("{json}?x=1")).status, 200);
    let r = request(
        &s,
        "GET",
        &format!("/entities/{}", people[0]),
        &[("Authorization", "Bearer not-a-token")],
        b"",
    );
    assert_eq!(r.status, 401, "a bad token is refused, cached page or not");
    // Another program (the command line) merges the two: the cached answers of the absorbed
    // one become redirects to the survivor, without a write of the server.
    for id in &people {
        assert_eq!(get(&s, &format!("/api/entities/{id}")).status, 200);
        assert_eq!(get(&s, &format!("/entities/{id}")).status, 200);
    }
    let (a, b) = (people[0].to_string(), people[1].to_string());
    let out = dossier(&s.db, &["merge", &a, &b, "--analyst", "desk"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let live = (0..600)
        .find_map(|_| {
            let moved: Vec<Resp> = people
                .iter()
                .map(|id| get(&s, &format!("/api/entities/{id}")))
                .collect();
            if let Some(r) = moved.iter().find(|r| r.status == 303) {
                return r.header("location").map(str::to_string);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
            None
        })
        .expect("the merge shows within a minute");
    let gone = people
        .iter()
        .find(|id| format!("/api/entities/{id}") != live)
        .unwrap();
    let page = (0..600)
        .map(|_| {
            let r = get(&s, &format!("/entities/{gone}"));
            if r.status != 303 {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            r
        })
        .find(|r| r.status == 303)
        .expect("the page follows the merge too");
    assert_eq!(
        page.header("location").map(|l| format!("/api{l}")),
        Some(live)
    );
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
}
