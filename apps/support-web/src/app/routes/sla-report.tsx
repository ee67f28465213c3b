import { SlaReportPage } from '../../features/sla-reports/components/sla-report-page';

export function SlaReportRoute() {
  return <SlaReportPage />;
}
