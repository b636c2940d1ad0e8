// The routes of the site, for the build and its tests: the address's fragment, the route's key
// (as web/src/route.rs `Page::key` names it, in file names and in web/split-points.txt) and
// what shows the route's first figures.
export const ROUTES = [
  ['#/', 'home', '#tariff-table td[data-setting]'],
  ['#/school', 'school', '#results table td'],
  ['#/follow-the-child', 'follow', '#follow-results td'],
  ['#/communities', 'communities', '#community-table tbody tr td'],
  ['#/rate-card', 'ratecard', '#section-bands input'],
];

/**
 * A JavaScript function from an address's fragment to its route key, as web/src/route.rs
 * `Page::from_hash` reads it; an address naming no route gives `fallback` (a JavaScript
 * expression: undefined when not given).
 */
export const routeKeyJs = (fallback = 'undefined') =>
  `(h)=>{h=(h||"").replace(/^#/,"").replace(/^\\//,"").split(/[?#]/)[0].replace(/\\/+$/,"");return({"":"home",school:"school","follow-the-child":"follow",communities:"communities","rate-card":"ratecard"})[h]??${fallback};}`;
/** The route key of an address's fragment; the home page's for an address naming no route. */
export const ROUTE_KEY_JS = routeKeyJs('"home"');
