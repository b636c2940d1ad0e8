//! Prints the first paint of every route as one JSON object, route key → HTML, in the order of
//! the routes: `{"home": "<a class=\"app-skip-link\" …", …}`. The same build gives the same
//! bytes.
use sen_funding_web::first_paint::{render, ROUTED};

fn main() {
    let mut out = serde_json::Map::new();
    for page in ROUTED {
        let Some(key) = page.key() else { continue };
        out.insert(key.to_string(), serde_json::Value::String(render(page)));
    }
    println!("{}", serde_json::Value::Object(out));
}
