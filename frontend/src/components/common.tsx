import { useEffect, useState } from "react";
import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc";
import timezone from "dayjs/plugin/timezone";
import i18n from "../i18n/i18n";
import { useCategories, useDistricts, useFields } from "../api/resources";
import type { Named } from "../api/types";

// money formats integer yuan.
export function money(n: number | undefined | null): string {
  if (n === undefined || n === null) return "—";
  return `¥${n.toLocaleString("zh-CN")}`;
}

dayjs.extend(utc);
dayjs.extend(timezone);

// The programme runs on Beijing time: every time is shown in Asia/Shanghai,
// whatever the browser's zone, so a bidder abroad reads the same deadline.
export const programmeZone = "Asia/Shanghai";

export function dateTime(s?: string | null): string {
  return s ? dayjs(s).tz(programmeZone).format("YYYY-MM-DD HH:mm") : "—";
}

// deadline is a time that matters to the minute, with its zone named:
// "2027-03-01 17:00（北京时间 UTC+8）".
export function deadline(s?: string | null): string {
  return s ? `${dateTime(s)} ${i18n.t("common.zone")}` : "—";
}

const statusColors: Record<string, string> = {
  draft: "default", submitted: "processing", published: "green", closed: "orange", in_review: "purple",
  awarded: "gold", failed: "red", rejected: "red", withdrawn: "default", cancelled: "default",
  proposal: "processing", research: "blue", validation: "cyan", industrialization: "geekblue", completed: "gold",
  terminated: "red", pending: "orange", verified: "green", forming: "processing", active: "green", dissolved: "default",
  planned: "default", done: "processing", accepted: "green", not_awarded: "default",
};

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={statusColors[status] ?? "default"}>{t(`status.${status}`)}</Tag>;
}

// useReference loads the reference data once per session.
export function useReference() {
  const { i18n } = useTranslation();
  const en = i18n.language === "en";
  const fields = useFields();
  const categories = useCategories();
  const districts = useDistricts();
  const name = (list: Named[] | undefined, id?: string) => {
    const x = list?.find((i) => i.id === id);
    return x ? (en ? x.name_en : x.name) : (id ?? "—");
  };
  return {
    fields: fields.data?.items ?? [],
    categories: categories.data?.items ?? [],
    districts: districts.data?.items ?? [],
    fieldName: (id?: string) => name(fields.data?.items, id),
    categoryName: (id?: string) => name(categories.data?.items, id),
    districtName: (id?: string) => name(districts.data?.items, id),
    fieldOptions: (fields.data?.items ?? []).filter((f) => !f.parent_id).map((top) => ({
      label: en ? top.name_en : top.name,
      options: (fields.data?.items ?? []).filter((f) => f.parent_id === top.id).map((f) => ({ label: en ? f.name_en : f.name, value: f.id })),
    })),
    categoryOptions: (categories.data?.items ?? []).map((c) => ({ label: en ? c.name_en : c.name, value: c.id })),
    districtOptions: (districts.data?.items ?? []).map((d) => ({ label: en ? d.name_en : d.name, value: d.id })),
  };
}

// Countdown shows the time left until a deadline, ticking every second.
export function Countdown({ until }: { until?: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  if (!until) return null;
  const ms = new Date(until).getTime() - now;
  if (ms <= 0) return <Tag color="orange">{t("board.deadlinePassed")}</Tag>;
  const d = Math.floor(ms / 86_400_000);
  const h = Math.floor((ms % 86_400_000) / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return <Tag color="green" aria-label={t("board.countdown")}>{t("board.left", { d, h, m, s })}</Tag>;
}

// yearOptions are the programme's years so far, newest first, for a year filter.
export function yearOptions(from = 2024): { value: string; label: string }[] {
  const out = [];
  for (let y = new Date().getFullYear(); y >= from; y--) out.push({ value: String(y), label: String(y) });
  return out;
}
