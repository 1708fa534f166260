import { SearchOutlined } from '@ant-design/icons';
import { Input } from 'antd';
import { useState } from 'react';

/**
 * A search field for SQL-backed grids: it commits on Enter, on leaving the field and when
 * cleared, not on every keystroke, so a 100k-row grid is not re-queried per character.
 */
export function SearchBox({ placeholder, width, onSearch, testId }: { placeholder: string; width: number; onSearch: (text: string) => void; testId: string }) {
  const [text, setText] = useState('');
  const [committed, setCommitted] = useState('');
  const commit = (v: string) => {
    if (v === committed) return;
    setCommitted(v);
    onSearch(v);
  };
  return (
    <Input
      allowClear
      prefix={<SearchOutlined />}
      placeholder={placeholder}
      style={{ width }}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (!e.target.value) commit('');
      }}
      onPressEnter={() => commit(text)}
      onBlur={() => commit(text)}
      data-testid={testId}
    />
  );
}
