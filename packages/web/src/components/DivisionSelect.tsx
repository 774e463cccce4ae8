import { useCallback, useState } from 'react';
import { App, TreeSelect } from 'antd';
import type { Jurisdiction } from '../api/types.ts';
import { jurisdictions } from '../api/endpoints.ts';
import { errorMessage } from '../api/client.ts';
import { useT } from '../locales/i18n.tsx';
import { useUser } from '../state/session.tsx';

interface Node {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
  selectable: boolean;
}

/**
 * A form control for a division code inside the user's subtree (a person's residence, hukou…). With `villageOnly`
 * only communities/villages can be chosen, as the API requires for a person's residence.
 */
export function DivisionSelect({
  value,
  onChange,
  villageOnly = false,
  id,
  testId,
}: {
  value?: string | null;
  onChange?: (code: string | null) => void;
  villageOnly?: boolean;
  id?: string;
  testId?: string;
}) {
  const user = useUser();
  const t = useT();
  const { message } = App.useApp();
  const toNode = useCallback(
    (j: Jurisdiction, parent: string | null): Node => ({
      id: j.code,
      pId: parent,
      value: j.code,
      title: `${j.name}（${j.code}）`,
      isLeaf: j.level === 'village',
      selectable: !villageOnly || j.level === 'village',
    }),
    [villageOnly],
  );
  const [nodes, setNodes] = useState<Node[]>(() => [toNode(user.jurisdiction, null)]);
  const [loaded, setLoaded] = useState<string[]>([]);

  const loadData = async (node: { value?: unknown }) => {
    const code = typeof node.value === 'string' ? node.value : null;
    if (!code) return;
    try {
      const { items } = await jurisdictions.children(code);
      setNodes((prev) => {
        const known = new Set(prev.map((n) => n.id));
        return [...prev, ...items.filter((j) => !known.has(j.code)).map((j) => toNode(j, code))];
      });
      setLoaded((prev) => (prev.includes(code) ? prev : [...prev, code]));
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  // A value outside the loaded tree (a file's stored place) still shows its code rather than nothing.
  const shown = value && !nodes.some((n) => n.value === value) ? [...nodes, { id: value, pId: null, value, title: value, isLeaf: true, selectable: true }] : nodes;

  return (
    <TreeSelect
      id={id}
      data-testid={testId}
      treeDataSimpleMode
      treeData={shown}
      loadData={loadData}
      treeLoadedKeys={loaded}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      treeDefaultExpandedKeys={[user.jurisdiction.code]}
      placeholder={t('division.placeholder')}
      allowClear
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
    />
  );
}
