import { Button } from "antd";
import { useTranslation } from "react-i18next";

// More loads a list's next page (the API's cursor), while there is one.
export function More({ list, label }: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  label?: string;
}) {
  const { t } = useTranslation();
  if (!list.hasNextPage) return null;
  return (
    <Button block style={{ marginTop: 12 }} loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
      {label ?? t("common.more")}
    </Button>
  );
}
