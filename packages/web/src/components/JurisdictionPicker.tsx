import { useCallback, useEffect, useState } from 'react';
import { App, TreeSelect } from 'antd';
import type { Jurisdiction } from '../api/types.ts';
import { jurisdictions } from '../api/endpoints.ts';
import { errorMessage } from '../api/client.ts';
import { useI18n } from '../locales/i18n.tsx';
import { useUser } from '../state/session.tsx';
import { useJurisdiction } from '../state/jurisdiction.tsx';

interface Node {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

// Villages are the bottom of the division tree: nothing to expand below them.
const toNode = (j: Jurisdiction, parent: string | null): Node => ({
  id: j.code,
  pId: parent,
  value: j.code,
  title: j.name,
  isLeaf: j.level === 'village',
});

/**
 * Picks a jurisdiction inside the user's subtree. The tree starts at the user's own jurisdiction and loads children
 * lazily from `/api/v1/jurisdictions/:code/children`, so it never offers anything outside the subtree.
 */
export function JurisdictionPicker({ width = 260 }: { width?: number | string }) {
  const user = useUser();
  const { t } = useI18n();
  const { message } = App.useApp();
  const { current, setCurrent } = useJurisdiction();
  const [nodes, setNodes] = useState<Node[]>(() => [toNode(user.jurisdiction, null)]);
  const [loaded, setLoaded] = useState<string[]>([]);

  useEffect(() => {
    setNodes([toNode(user.jurisdiction, null)]);
    setLoaded([]);
  }, [user.jurisdiction]);

  const loadData = useCallback(
    async (node: { value?: unknown; id?: unknown }) => {
      const code = typeof node.value === 'string' ? node.value : typeof node.id === 'string' ? node.id : null;
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
    },
    [message],
  );

  return (
    <TreeSelect
      data-testid="jurisdiction-picker"
      aria-label={t('header.jurisdiction')}
      style={{ width, maxWidth: '100%' }}
      treeDataSimpleMode
      treeData={nodes}
      loadData={loadData}
      treeLoadedKeys={loaded}
      labelInValue
      value={{ value: current.code, label: current.name }}
      onChange={(v: { value: string; label?: unknown } | null) => {
        if (!v) return;
        const node = nodes.find((n) => n.value === v.value);
        setCurrent({ code: v.value, name: node?.title ?? (typeof v.label === 'string' ? v.label : v.value) });
      }}
      treeDefaultExpandedKeys={[user.jurisdiction.code]}
      placeholder={t('picker.placeholder')}
      showSearch={false}
      popupMatchSelectWidth={false}
    />
  );
}
