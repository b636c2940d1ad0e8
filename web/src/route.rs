//! Hash routes: `#/`, `#/school`, `#/follow-the-child`, `#/communities`, `#/rate-card`.
//!
//! Hash routes need nothing from the server, so the site works from any folder.

/// One page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    School,
    FollowTheChild,
    Communities,
    RateCard,
    NotFound,
}

impl Page {
    /// The four journeys, in the order of the navigation.
    pub const JOURNEYS: [Page; 4] = [Page::School, Page::FollowTheChild, Page::Communities, Page::RateCard];

    /// The page for the address's fragment (`location.hash`, with or without its `#`).
    pub fn from_hash(hash: &str) -> Page {
        let h = hash.strip_prefix('#').unwrap_or(hash);
        let h = h.strip_prefix('/').unwrap_or(h);
        let h = h.split(['?', '#']).next().unwrap_or("");
        let h = h.trim_end_matches('/');
        match h {
            "" => Page::Home,
            "school" => Page::School,
            "follow-the-child" => Page::FollowTheChild,
            "communities" => Page::Communities,
            "rate-card" => Page::RateCard,
            _ => Page::NotFound,
        }
    }

    /// The fragment that leads to the page, for `href`.
    /// The route's key in the build's file names and split points (`web/split-points.txt`,
    /// `scripts/split-wasm.mjs`); `None` for a page with no route of its own.
    pub fn key(self) -> Option<&'static str> {
        match self {
            Page::Home => Some("home"),
            Page::School => Some("school"),
            Page::FollowTheChild => Some("follow"),
            Page::Communities => Some("communities"),
            Page::RateCard => Some("ratecard"),
            Page::NotFound => None,
        }
    }

    pub fn href(self) -> &'static str {
        match self {
            Page::Home | Page::NotFound => "#/",
            Page::School => "#/school",
            Page::FollowTheChild => "#/follow-the-child",
            Page::Communities => "#/communities",
            Page::RateCard => "#/rate-card",
        }
    }

    /// The page's heading and the first part of the document title.
    pub fn title(self) -> &'static str {
        match self {
            Page::Home => "Element 3 funding for pupils with special educational needs",
            Page::School => "School workspace",
            Page::FollowTheChild => "How funding follows the child",
            Page::Communities => "Community budgets",
            Page::RateCard => "Rate card",
            Page::NotFound => "Page not found",
        }
    }

    /// The link text in the navigation.
    pub fn nav_label(self) -> &'static str {
        match self {
            Page::Home => "Home",
            Page::School => "School workspace",
            Page::FollowTheChild => "How funding follows the child",
            Page::Communities => "Community budgets",
            Page::RateCard => "Rate card",
            Page::NotFound => "Page not found",
        }
    }

    /// Who the journey is for and what it does, for the home page.
    pub fn summary(self) -> &'static str {
        match self {
            Page::School => {
                "For SENCOs, school business managers and headteachers: your pupils' Element 3 \
                 funding year by year, and what changes under the new system."
            }
            Page::FollowTheChild => {
                "For parents and carers: what top-up a child's band of need attracts in a \
                 mainstream school, a Specialist Resource Provision or a special school."
            }
            Page::Communities => {
                "For the council and Communities of schools: how the Community budgets are \
                 shared out, and what existing commitments take from them."
            }
            Page::RateCard => "The rates and parameters every figure is computed from, and their sources.",
            Page::Home | Page::NotFound => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_round_trips_through_its_fragment() {
        for page in [Page::Home, Page::School, Page::FollowTheChild, Page::Communities, Page::RateCard] {
            assert_eq!(Page::from_hash(page.href()), page);
        }
        assert_eq!(Page::from_hash("#/follow-the-child?band=SA3"), Page::FollowTheChild);
        assert_eq!(Page::from_hash("school/"), Page::School);
        assert_eq!(Page::from_hash(""), Page::Home);
        assert_eq!(Page::from_hash("#/no-such-page"), Page::NotFound);
    }
}
