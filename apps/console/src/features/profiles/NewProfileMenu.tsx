import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { profileUrl } from './profiles-api';

/** "New profile" when the issuer is not chosen yet: straight to it for one issuer, else a menu of the issuers allowed. */
export function NewProfileMenu({ issuerIds }: { issuerIds: string[] }) {
  if (issuerIds.length === 0) return null;
  if (issuerIds.length === 1)
    return (
      <Button component={Link} to={profileUrl(issuerIds[0]!, undefined, '/new')} leftSection={<IconPlus size={16} />}>
        New profile
      </Button>
    );
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button leftSection={<IconPlus size={16} />} rightSection={<IconChevronDown size={14} />}>
          New profile
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>For issuer</Menu.Label>
        {issuerIds.map((id) => (
          <Menu.Item key={id} component={Link} to={profileUrl(id, undefined, '/new')}>
            {id}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
