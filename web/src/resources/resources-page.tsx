import { FluxObjects, useUrlFilter } from './flux-objects.js';

/** Every Flux object of the fleet, failures first; the filter lives in the URL. */
export default function ResourcesPage() {
  const [filter, setFilter] = useUrlFilter('/resources');
  return (
    <>
      <div className="page-header">
        <div className="title-block">
          <h1>Resources</h1>
          <p>Every Flux object in the fleet, failures first. Changes show as they happen.</p>
        </div>
      </div>
      <FluxObjects filter={filter} onChange={setFilter} clearHref="/resources" />
    </>
  );
}
