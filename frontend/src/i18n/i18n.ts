import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { zh } from "./zh";
import { en } from "./en";

const key = "kcyj2035.lang";
const saved = (typeof localStorage !== "undefined" && localStorage.getItem(key)) || "zh";

i18n.use(initReactI18next).init({
  resources: { zh: { translation: zh }, en: { translation: en } },
  lng: saved === "en" ? "en" : "zh",
  fallbackLng: "zh",
  interpolation: { escapeValue: false },
});
dayjs.locale(i18n.language === "en" ? "en" : "zh-cn");

export function setLanguage(lang: "zh" | "en") {
  localStorage.setItem(key, lang);
  dayjs.locale(lang === "en" ? "en" : "zh-cn");
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
  void i18n.changeLanguage(lang);
}

export default i18n;
