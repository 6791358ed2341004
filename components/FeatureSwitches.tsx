import { send } from '@/utils/messages';
import type { Features } from '@/utils/storage';

const LABELS: Record<keyof Features, string> = {
  followButtons: 'Follow buttons on Threads and Instagram',
  openAtHome: 'Open fediverse links on my server',
};

/** Each switch saves through the background; the page follows through its storage watch. */
export function FeatureSwitches({ features }: { features: Features }) {
  return (
    <fieldset class="switches">
      <legend>What Homeward does</legend>
      {(Object.keys(LABELS) as Array<keyof Features>).map((key) => (
        <label class="switch" key={key}>
          <span>{LABELS[key]}</span>
          <input
            type="checkbox"
            role="switch"
            checked={features[key]}
            onChange={(e) => void send('setFeatures', { [key]: e.currentTarget.checked })}
          />
        </label>
      ))}
    </fieldset>
  );
}
