import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import type { Task } from '../../../../shared/rpc/recordSchemas.std.ts';
import { DatePickerField } from '../../ui/DatePickerField.tsx';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { TextInputField } from '../../ui/TextInputField.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { CircleCheckIcon } from '../../ui/recordIcons.tsx';
import { formatDueDate, todayDate } from './dates.ts';
import type { CalendarDate } from './dates.ts';
import { noteRecordsChanged } from './recordChanges.ts';

/** Open and done tasks, each open one with a "Done" button. */
export function TaskList({ tasks, emptyText }: { tasks: readonly Task[]; emptyText: string }) {
  const [failure, setFailure] = useState<string | null>(null);
  const [completing, setCompleting] = useState<string | null>(null);
  const today = todayDate().toString();

  async function complete(task: Task): Promise<void> {
    setCompleting(task.id);
    setFailure(null);
    try {
      await outpost.call('tasks.complete', { id: task.id });
      noteRecordsChanged();
    } catch (error) {
      setFailure(failureMessage(error));
    } finally {
      setCompleting(null);
    }
  }

  if (tasks.length === 0) return <p className="muted">{emptyText}</p>;
  return (
    <>
      <ul className="task-list" aria-label="Tasks">
        {tasks.map((task) => {
          const isOverdue = task.doneAt === null && task.dueOn < today;
          return (
            <li key={task.id} className="task" data-done={task.doneAt !== null}>
              <span className="task-title">{task.title}</span>
              <span className="task-due muted">Due {formatDueDate(task.dueOn)}</span>
              {isOverdue && <Badge tone="warning">Overdue</Badge>}
              {task.doneAt === null ? (
                <Button
                  className="button button-small"
                  onPress={() => void complete(task)}
                  isPending={completing === task.id}
                  aria-label={`Mark “${task.title}” done`}
                >
                  Done
                </Button>
              ) : (
                <Badge tone="success" icon={<CircleCheckIcon />}>
                  Done
                </Badge>
              )}
            </li>
          );
        })}
      </ul>
      {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
    </>
  );
}

/** Title and due date; the task belongs to the client and, from a note, to that note. */
export function NewTaskForm({ clientId, noteId = null }: { clientId: string; noteId?: string | null }) {
  const [title, setTitle] = useState('');
  const [dueOn, setDueOn] = useState<CalendarDate | null>(() => todayDate().add({ weeks: 1 }));
  const [showErrors, setShowErrors] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const errors = {
    title: title.trim() === '' ? 'Say what needs doing.' : null,
    dueOn: dueOn === null ? 'Choose the day it is due.' : null,
  };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setShowErrors(true);
    if (errors.title !== null || dueOn === null) return;
    setSaving(true);
    setFailure(null);
    try {
      await outpost.call('tasks.create', { clientId, noteId, title: title.trim(), dueOn: dueOn.toString() });
      noteRecordsChanged();
      setTitle('');
      setShowErrors(false);
    } catch (error) {
      setFailure(failureMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form
      validationBehavior="aria"
      className="new-task-form"
      onSubmit={(event) => void submit(event)}
      aria-label="New follow-up task"
    >
      <div className="form-row">
        <TextInputField
          label="Follow-up task"
          value={title}
          onChange={setTitle}
          maxLength={300}
          placeholder="e.g. Send the apprenticeship list"
          errorMessage={showErrors ? errors.title : null}
        />
        <DatePickerField<CalendarDate>
          label="Due on"
          value={dueOn}
          onChange={setDueOn}
          errorMessage={showErrors ? errors.dueOn : null}
        />
        <Button type="submit" className="button new-task-add" isPending={isSaving}>
          Add task
        </Button>
      </div>
      {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
    </Form>
  );
}
