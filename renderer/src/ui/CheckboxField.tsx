import { Checkbox } from 'react-aria-components';
import type { ReactNode } from 'react';
import { CheckIcon } from './icons.tsx';

export function CheckboxField({
  children,
  isSelected,
  onChange,
}: {
  children: ReactNode;
  isSelected: boolean;
  onChange: (isSelected: boolean) => void;
}) {
  return (
    <Checkbox className="checkbox" isSelected={isSelected} onChange={onChange}>
      {({ isSelected: checked }) => (
        <>
          <span className="checkbox-box">{checked && <CheckIcon />}</span>
          <span>{children}</span>
        </>
      )}
    </Checkbox>
  );
}
