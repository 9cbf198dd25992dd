import { useState } from 'react';
import { Button } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { SwitchControl } from '../../ui/SwitchControl.tsx';
import { NewTaskForm, TaskList } from './TaskList.tsx';
import { useLoad } from './useLoad.ts';

export function TasksTab({ clientId }: { clientId: string }) {
  const [showDone, setShowDone] = useState(false);
  const [loaded, reload] = useLoad(
    () => outpost.call('tasks.list', { clientId, openOnly: !showDone }),
    `${clientId}:${showDone}`,
  );

  return (
    <div className="tasks-tab">
      <h3>Tasks</h3>
      <p className="muted">What you or the client agreed to do next, with the day it is due.</p>
      <NewTaskForm clientId={clientId} />
      <SwitchControl label="Show completed tasks" isSelected={showDone} onChange={setShowDone} />
      {loaded.status === 'loading' && <PendingBar label="Loading tasks…" />}
      {loaded.status === 'failed' && (
        <div className="records-error">
          <ErrorNotice>{loaded.message}</ErrorNotice>
          <Button className="button" onPress={reload}>
            Try again
          </Button>
        </div>
      )}
      {loaded.status === 'ready' && (
        <TaskList
          tasks={loaded.data.tasks}
          emptyText={showDone ? 'No tasks yet.' : 'No open tasks. Add one above, or from a session note.'}
        />
      )}
    </div>
  );
}
