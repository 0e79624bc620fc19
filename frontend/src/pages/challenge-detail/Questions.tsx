import { useState } from "react";
import { Button, Card, Input, List, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useIdempotentCreate } from "../../components/forms";
import type { Challenge, Question } from "../../api/types";

// Questions: the public Q&A. A question or answer leaves its box only once
// the server has it; a refused one stays to be corrected.
export function Questions({ questions, more, owner, canAsk, onAsk, onAnswer }: {
  challenge: Challenge; questions: Question[]; more: React.ReactNode; owner: boolean; canAsk: boolean;
  onAsk: (text: string, key: string) => Promise<unknown>; onAnswer: (id: string, text: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const once = useIdempotentCreate();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  return (
    <Card title={t("qa.title")} size="small">
      <List dataSource={questions} locale={{ emptyText: <Typography.Text type="secondary">{t("qa.none")}</Typography.Text> }} loadMore={more} renderItem={(q) => (
        <List.Item>
          <List.Item.Meta title={<span>{t("qa.q")}{t("common.colon")}{q.text}</span>} description={q.answer ? `${t("qa.a")}${t("common.colon")}${q.answer}` : t("qa.unanswered")} />
          {owner && !q.answer && (
            <Space.Compact>
              <Input placeholder={t("qa.answer")} value={answers[q.id] ?? ""} onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })} aria-label={t("qa.answer")} />
              <Button onClick={() => onAnswer(q.id, answers[q.id] ?? "").then(() => setAnswers(({ [q.id]: _, ...rest }) => rest), () => undefined)}>{t("actions.answer")}</Button>
            </Space.Compact>
          )}
        </List.Item>
      )} />
      {canAsk && (
        <Space.Compact style={{ width: "100%", marginTop: 8 }}>
          <Input placeholder={t("qa.ask")} value={text} onChange={(e) => setText(e.target.value)} aria-label={t("qa.ask")} />
          <Button type="primary" onClick={() => once((key) => onAsk(text, key)).then(() => setText(""), () => undefined)}>{t("actions.ask")}</Button>
        </Space.Compact>
      )}
    </Card>
  );
}
