import { useEffect, useState } from "react";
import { Select } from "antd";
import { useTranslation } from "react-i18next";
import { useOrganizationList } from "../api/resources";

// OrgSelect picks verified organizations by name, searching the server as
// the user types (there may be thousands; the first page is never the whole
// list). known names the values already chosen (a bid's partners, when it is
// edited), which the current search may not include.
export function OrgSelect({ value, onChange, type, exclude = [], multiple, known = {}, placeholder, ...rest }: {
  value?: string | string[];
  onChange?: (v: string | string[]) => void;
  type?: string;
  exclude?: string[];
  multiple?: boolean;
  known?: Record<string, string>;
  placeholder?: string;
  style?: React.CSSProperties;
  "aria-label"?: string;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState("");
  const [q, setQ] = useState("");
  useEffect(() => {
    const id = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(id);
  }, [typed]);
  const found = useOrganizationList({ q, type, status: "verified" }, { limit: 20 });
  const names = { ...known };
  for (const o of found.items) names[o.id] = o.name;
  const chosen = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const options = Object.entries(names)
    .filter(([id]) => chosen.includes(id) || (!exclude.includes(id) && found.items.some((o) => o.id === id)))
    .map(([id, name]) => ({ value: id, label: name }));
  return (
    <Select {...rest} mode={multiple ? "multiple" : undefined} value={value} onChange={onChange} showSearch
      filterOption={false} onSearch={setTyped} loading={found.isFetching} options={options}
      placeholder={placeholder ?? t("org.search")} notFoundContent={found.isFetching ? t("common.loading") : t("common.empty")} />
  );
}
