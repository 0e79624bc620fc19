import type { ReactElement } from "react";
import { Popconfirm } from "antd";
import { useTranslation } from "react-i18next";

// Confirm asks before an irreversible or weighty action, naming what it acts
// on ("撤回榜单「…」？"); the action runs only on 确定. Wrap the button.
export function Confirm({ title, onConfirm, danger, children }: {
  title: string; onConfirm: () => void; danger?: boolean; children: ReactElement;
}) {
  const { t } = useTranslation();
  return (
    <Popconfirm title={title} onConfirm={onConfirm} okText={t("common.ok")} cancelText={t("common.cancel")}
      okButtonProps={{ danger }}>
      {children}
    </Popconfirm>
  );
}
