import { theme, type ThemeConfig } from "antd";

// The app's theme: antd's defaults with every text colour raised to WCAG 2 AA
// contrast (4.5:1 for normal text), which several defaults miss: secondary
// text and menu group titles (3.4:1), placeholders (1.8:1), links (4.1:1),
// and the light tags, which write their text in the 7th shade of their
// colour on the 1st (2.8–3.7:1 for green, gold, orange, cyan, volcano, lime):
// their 7th shade takes the 8th's value (5.1–6.6:1; a darker seed colour
// would muddy the backgrounds too). A list's "nothing yet" is written as
// secondary text (antd greys it as if disabled, 1.8:1). Danger buttons and
// error messages are written in the error colour: antd's #ff4d4f is 3.3:1 on
// white, so the error seed is red's 7th shade (#cf1322, 5.6:1). The end-to-end test
// audits every page with axe-core, so a regression fails the build.
export function appTheme(motion: boolean): ThemeConfig {
  return {
    // Palettes are map tokens, derived from the seed: set after the default derivation.
    algorithm: (seed) => ({
      ...theme.defaultAlgorithm(seed),
      green7: "#237804", gold7: "#874d00", orange7: "#ad4e00", cyan7: "#006d75", volcano7: "#ad2102", lime7: "#3f6600",
    }),
    token: {
      colorPrimary: "#1f5fad",
      colorInfo: "#1f5fad",
      colorLink: "#1f5fad",
      colorError: "#cf1322",
      colorTextSecondary: "rgba(0, 0, 0, 0.65)",
      colorTextTertiary: "rgba(0, 0, 0, 0.62)",
      colorTextDescription: "rgba(0, 0, 0, 0.62)",
      colorTextPlaceholder: "rgba(0, 0, 0, 0.55)",
      motion,
    },
  };
}
