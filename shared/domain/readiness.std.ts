/**
 * Differentiated service delivery from Cognitive Information Processing theory:
 * readiness for a career decision = capability (internal) x complexity (external
 * circumstances). The lower the readiness, the more individual the service.
 */
export type Level = 'high' | 'low';
export type ServiceLevel = 'self_help' | 'brief_staff_assisted' | 'individual_case_managed';

export interface ServiceLevelAdvice {
  level: ServiceLevel;
  readiness: 'high' | 'moderate' | 'low';
  explanation: string;
}

export const SERVICE_LEVEL_NAMES: Record<ServiceLevel, string> = {
  self_help: 'Self-help',
  brief_staff_assisted: 'Brief staff-assisted',
  individual_case_managed: 'Individual case-managed',
};

export function assignServiceLevel(capability: Level, complexity: Level): ServiceLevelAdvice {
  if (capability === 'high' && complexity === 'low') {
    return {
      level: 'self_help',
      readiness: 'high',
      explanation:
        'High capability and low complexity: ready to decide. Self-help resources with brief orientation are enough.',
    };
  }
  if (capability === 'low' && complexity === 'high') {
    return {
      level: 'individual_case_managed',
      readiness: 'low',
      explanation:
        'Low capability and high complexity: not yet ready to decide. Individual, case-managed counselling is needed.',
    };
  }
  return {
    level: 'brief_staff_assisted',
    readiness: 'moderate',
    explanation:
      capability === 'low'
        ? 'Low capability with low complexity: moderate readiness. Brief staff-assisted help to build decision skills.'
        : 'High capability facing high complexity: moderate readiness. Brief staff-assisted help with the circumstances.',
  };
}
